package io.cairn.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    @Test
    void bucketRoundTrips() {
        BucketRecord b = new BucketRecord(Long.MAX_VALUE - 1, "my-bucket", "eu-west-1", "AKID 日本",
                Instant.parse("2001-02-03T04:05:06.000000007Z"));
        assertThat(RecordCodec.decodeBucket(RecordCodec.encodeBucket(b))).isEqualTo(b);
        BucketRecord nulls = new BucketRecord(1, "b", null, null, null);
        assertThat(RecordCodec.decodeBucket(RecordCodec.encodeBucket(nulls))).isEqualTo(nulls);
    }

    @Test
    void versionRoundTripsWithUnicodeAndOrderedHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amz-meta-zeta", "ω");
        headers.put("content-type", "text/plain; charset=utf-8");
        headers.put("x-amz-meta-alpha", "😀 emoji");
        ObjectVersion v = new ObjectVersion("ключ/日本/😀", ObjectVersion.NULL_VERSION, false, 12345,
                "d41d8cd98f00b204e9800998ecf8427e", Instant.ofEpochSecond(-5, 999_999_999), headers,
                Map.of("CRC32", "AAAAAA=="), "data-1", null, "ÄKID");
        StoredVersion decoded = RecordCodec.decodeVersion(RecordCodec.encodeVersion(99, v));
        assertThat(decoded.stamp()).isEqualTo(99);
        assertThat(decoded.version()).usingRecursiveComparison().isEqualTo(v);
        assertThat(decoded.version().headers().keySet())
                .containsExactly("x-amz-meta-zeta", "content-type", "x-amz-meta-alpha");
    }

    @Test
    void versionRoundTripsEmptyMapsAndNulls() {
        ObjectVersion v = new ObjectVersion("", null, true, 0, null, null, Map.of(), Map.of(), null, null, null);
        ObjectVersion decoded = RecordCodec.decodeVersion(RecordCodec.encodeVersion(0, v)).version();
        assertThat(decoded).usingRecursiveComparison().isEqualTo(v);
        assertThat(decoded.headers()).isEmpty();
        assertThat(decoded.dataId()).isNull();
        assertThat(decoded.inline()).isNull();

        ObjectVersion nullMaps = new ObjectVersion("k", "v", false, 1, "e", null, null, null, null, null, "o");
        assertThat(RecordCodec.decodeVersion(RecordCodec.encodeVersion(1, nullMaps)).version())
                .usingRecursiveComparison().isEqualTo(nullMaps);
    }

    @Test
    void versionRoundTripsLargeAndEmptyInline() {
        byte[] big = new byte[1 << 20];
        new Random(1).nextBytes(big);
        ObjectVersion v = new ObjectVersion("k", "null", false, big.length, "e", Instant.EPOCH, Map.of(), Map.of(),
                null, big, "o");
        ObjectVersion decoded = RecordCodec.decodeVersion(RecordCodec.encodeVersion(5, v)).version();
        assertThat(Arrays.equals(decoded.inline(), big)).isTrue();

        ObjectVersion empty = new ObjectVersion("k", "null", false, 0, "e", Instant.EPOCH, Map.of(), Map.of(),
                null, new byte[0], "o");
        assertThat(RecordCodec.decodeVersion(RecordCodec.encodeVersion(5, empty)).version().inline()).isEmpty();
    }

    @Test
    void deleteMarkerFlagIsReadWithoutDecoding() {
        assertThat(RecordCodec.isDeleteMarker(RecordCodec.encodeVersion(1, TestVersions.deleteMarker("日/k"))))
                .isTrue();
        assertThat(RecordCodec.isDeleteMarker(RecordCodec.encodeVersion(1, TestVersions.object("日/k")))).isFalse();
        ObjectVersion nullVersionId = new ObjectVersion("k", null, true, 0, null, null, null, null, null, null,
                null);
        assertThat(RecordCodec.isDeleteMarker(RecordCodec.encodeVersion(1, nullVersionId))).isTrue();
    }

    @Test
    void rejectsUnknownFormatAndTruncation() {
        byte[] encoded = RecordCodec.encodeVersion(1, TestVersions.object("k"));
        byte[] future = encoded.clone();
        future[0] = 2;
        assertThatThrownBy(() -> RecordCodec.decodeVersion(future))
                .isInstanceOf(RecordCodec.CorruptRecordException.class).hasMessageContaining("format");
        assertThatThrownBy(() -> RecordCodec.decodeVersion(Arrays.copyOf(encoded, encoded.length - 3)))
                .isInstanceOf(RecordCodec.CorruptRecordException.class);
        assertThatThrownBy(() -> RecordCodec.decodeBucket(new byte[] {1, 0, 0}))
                .isInstanceOf(RecordCodec.CorruptRecordException.class);
    }
}
