package io.cairn.server.s3;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UriCodecTest {

    @Test
    void decodesUtf8AndKeepsPlus() {
        assertThat(UriCodec.decode("/b/a%20b+c%C3%A9")).isEqualTo("/b/a b+cé");
    }

    @Test
    void brokenEscapesAreInvalidUri() {
        for (String bad : new String[]{"/b/%zz", "/b/%4", "/b/%", "/b/%C3%28"}) {
            assertThatThrownBy(() -> UriCodec.decode(bad)).as(bad)
                    .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo("InvalidURI"));
        }
    }

    @Test
    void queryFirstValueWinsAndBareNamesAreEmpty() {
        assertThat(UriCodec.parseQuery("uploads&prefix=a%2Fb&prefix=x"))
                .containsEntry("uploads", "")
                .containsEntry("prefix", "a/b")
                .hasSize(2);
    }

    @Test
    void encodesKeysForListings() {
        assertThat(UriCodec.encodeKey("a b/c\u0001é")).isEqualTo("a%20b/c%01%C3%A9");
    }
}
