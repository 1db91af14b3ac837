package io.cairn.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyCodecTest {

    private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

    @Test
    void roundTripsBucketKeyAndStamp() {
        byte[] raw = KeyCodec.version(7, KeyCodec.utf8("photos/日本/😀"), 1_700_000_000_000_000L);
        assertThat(KeyCodec.bucketId(raw)).isEqualTo(7);
        assertThat(new String(KeyCodec.userKey(raw), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("photos/日本/😀");
        assertThat(KeyCodec.stamp(raw)).isEqualTo(1_700_000_000_000_000L);
        assertThat(KeyCodec.isVersionOf(raw, 7, KeyCodec.utf8("photos/日本/😀"))).isTrue();
        assertThat(KeyCodec.isVersionOf(raw, 8, KeyCodec.utf8("photos/日本/😀"))).isFalse();
        assertThat(KeyCodec.isVersionOf(raw, 7, KeyCodec.utf8("photos/日本/"))).isFalse();
    }

    @Test
    void newestVersionSortsFirstAndAllVersionsPrecedeLongerKeys() {
        byte[] key = KeyCodec.utf8("a");
        byte[] older = KeyCodec.version(1, key, 100);
        byte[] newer = KeyCodec.version(1, key, 200);
        byte[] longer = KeyCodec.version(1, KeyCodec.utf8("a\u0001"), 1);
        assertThat(UNSIGNED.compare(newer, older)).isNegative();
        assertThat(UNSIGNED.compare(KeyCodec.firstVersion(1, key), newer)).isNegative();
        assertThat(UNSIGNED.compare(older, KeyCodec.afterVersions(1, key))).isNegative();
        assertThat(UNSIGNED.compare(KeyCodec.afterVersions(1, key), longer)).isNegative();
    }

    @Test
    void rawOrderIsUtf8ByteOrderOfKeysNotUtf16Order() {
        // U+FF5A sorts after U+1F600 in UTF-16 (surrogates are 0xD83D...) but before it in UTF-8, as S3 orders.
        List<String> keys = List.of("a", "a/", "a/b", "ab", "é", "ｚ", "😀", "日");
        List<byte[]> raw = new ArrayList<>();
        for (String k : keys) {
            raw.add(KeyCodec.version(3, KeyCodec.utf8(k), 5));
        }
        raw.sort(UNSIGNED);
        List<String> sorted = raw.stream()
                .map(r -> new String(KeyCodec.userKey(r), java.nio.charset.StandardCharsets.UTF_8)).toList();
        assertThat(sorted).containsExactly("a", "a/", "a/b", "ab", "é", "日", "ｚ", "😀");
    }

    @Test
    void afterPrefixBoundsExactlyTheKeysWithThatPrefix() {
        byte[] bound = KeyCodec.afterPrefix(1, KeyCodec.utf8("p/"));
        assertThat(UNSIGNED.compare(KeyCodec.version(1, KeyCodec.utf8("p/\uFFFF\uFFFF"), 0), bound)).isNegative();
        assertThat(UNSIGNED.compare(KeyCodec.version(1, KeyCodec.utf8("p/😀"), Long.MAX_VALUE), bound))
                .isNegative();
        assertThat(UNSIGNED.compare(KeyCodec.version(1, KeyCodec.utf8("p0"), 0), bound)).isPositive();
        assertThat(UNSIGNED.compare(KeyCodec.bucketEnd(1), KeyCodec.bucketStart(2))).isNegative();
        assertThat(UNSIGNED.compare(KeyCodec.version(1, KeyCodec.utf8("\uFFFF"), 0), KeyCodec.bucketEnd(1)))
                .isNegative();
    }
}
