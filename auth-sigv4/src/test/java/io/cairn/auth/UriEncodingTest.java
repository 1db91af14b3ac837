package io.cairn.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UriEncodingTest {

    @Test
    void canonicalFormsAreRecognised() {
        assertThat(UriEncoding.isCanonical("cairnbench%2F20261123%2Fus-east-1%2Fs3%2Faws4_request", false)).isTrue();
        assertThat(UriEncoding.isCanonical("/bucket/a%20b/c~d", true)).isTrue();
        assertThat(UriEncoding.isCanonical("/bucket/a%2fb", true)).isFalse();  // lower-case escape
        assertThat(UriEncoding.isCanonical("/bucket/a%41", true)).isFalse();   // escaped unreserved 'A'
        assertThat(UriEncoding.isCanonical("a/b", false)).isFalse();           // '/' is escaped in queries
        assertThat(UriEncoding.isCanonical("/a%2F", true)).isFalse();          // and kept in paths
        assertThat(UriEncoding.isCanonical("a+b", false)).isFalse();
        assertThat(UriEncoding.isCanonical("%4", false)).isFalse();
        assertThat(UriEncoding.isCanonical("é", false)).isFalse();
    }

    /** The shortcut must give exactly what the decode/encode round trip gives, for any input. */
    @Test
    void shortcutMatchesTheRoundTripOnRandomInput() {
        String alphabet = "aZ09-_.~/%+ =&?#é2fF4A1";
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(12);
            for (int j = 0; j < len; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String s = sb.toString();
            assertThat(UriEncoding.canonicalQueryComponent(s)).as(s)
                    .isEqualTo(UriEncoding.encode(UriEncoding.decode(s), false));
            if (!s.isEmpty()) {
                assertThat(UriEncoding.canonicalPath(s)).as(s).isEqualTo(UriEncoding.encode(UriEncoding.decode(s), true));
            }
            assertThat(UriEncoding.decodeToString(s)).isEqualTo(new String(UriEncoding.decode(s), StandardCharsets.UTF_8));
        }
    }
}
