package io.cairn.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

class UploadKeysTest {

    private static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

    @Test
    void uploadKeyCarriesKeyStampAndId() {
        byte[] key = KeyCodec.utf8("videos/日本/😀");
        byte[] raw = UploadKeys.upload(3, key, 1_700_000_000_000_001L, KeyCodec.utf8("upload-1"));
        assertThat(new String(UploadKeys.userKey(raw), StandardCharsets.UTF_8)).isEqualTo("videos/日本/😀");
        assertThat(UploadKeys.stamp(raw)).isEqualTo(1_700_000_000_000_001L);
        assertThat(UploadKeys.hasUploadId(raw, key.length, KeyCodec.utf8("upload-1"))).isTrue();
        assertThat(UploadKeys.hasUploadId(raw, key.length, KeyCodec.utf8("upload-"))).isFalse();
        assertThat(UploadKeys.hasUploadId(raw, key.length, KeyCodec.utf8("upload-12"))).isFalse();
    }

    @Test
    void uploadsOfAKeySortOldestFirstAndBeforeLongerKeys() {
        byte[] a = KeyCodec.utf8("a");
        byte[] older = UploadKeys.upload(1, a, 100, KeyCodec.utf8("zzz"));
        byte[] newer = UploadKeys.upload(1, a, 200, KeyCodec.utf8("aaa"));
        byte[] longer = UploadKeys.upload(1, KeyCodec.utf8("a\u0001"), 1, KeyCodec.utf8("x"));
        assertThat(UNSIGNED.compare(KeyCodec.firstVersion(1, a), older)).isNegative();
        assertThat(UNSIGNED.compare(older, newer)).isNegative();
        assertThat(UNSIGNED.compare(newer, KeyCodec.afterVersions(1, a))).isNegative();
        assertThat(UNSIGNED.compare(KeyCodec.afterVersions(1, a), longer)).isNegative();
        assertThat(UNSIGNED.compare(newer, KeyCodec.afterPrefix(1, a))).isNegative();
    }

    @Test
    void partsOfOneUploadAreOneRangeInNumberOrder() {
        byte[] u = KeyCodec.utf8("u");
        byte[] start = UploadKeys.part(1, 50, u, 0);
        byte[] end = UploadKeys.afterParts(1, 50, u);
        int previousNumber = 0;
        for (int n : new int[] {1, 2, 255, 256, 9_999, 10_000}) {
            byte[] part = UploadKeys.part(1, 50, u, n);
            assertThat(UploadKeys.partNumber(part)).isEqualTo(n);
            assertThat(UNSIGNED.compare(start, part)).isNegative();
            assertThat(UNSIGNED.compare(part, end)).isNegative();
            assertThat(UNSIGNED.compare(UploadKeys.part(1, 50, u, previousNumber), part)).isNegative();
            previousNumber = n;
        }
        // An id extending another's, or the same id under another stamp, lies outside the range.
        for (byte[] other : new byte[][] {UploadKeys.part(1, 50, KeyCodec.utf8("u1"), 1),
            UploadKeys.part(1, 51, u, 1), UploadKeys.part(2, 50, u, 1)}) {
            assertThat(UNSIGNED.compare(other, start) < 0 || UNSIGNED.compare(other, end) >= 0).isTrue();
        }
        assertThat(UNSIGNED.compare(end, KeyCodec.bucketEnd(1))).isNegative();
    }
}
