package io.cairn.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    @Test
    void bucketRoundTrips() {
        BucketRecord b = new BucketRecord(Long.MAX_VALUE - 1, "my-bucket", "eu-west-1", "AKID 日本",
                Instant.parse("2001-02-03T04:05:06.000000007Z"), VersioningState.SUSPENDED);
        assertThat(RecordCodec.decodeBucket(RecordCodec.encodeBucket(b))).isEqualTo(b);
        BucketRecord nulls = new BucketRecord(1, "b", null, null, null, VersioningState.ENABLED);
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
                Map.of("CRC32", "AAAAAA=="), "data-1", null, "ÄKID", List.of());
        StoredVersion decoded = RecordCodec.decodeVersion(RecordCodec.encodeVersion(99, v));
        assertThat(decoded.stamp()).isEqualTo(99);
        assertThat(decoded.version()).usingRecursiveComparison().isEqualTo(v);
        assertThat(decoded.version().headers().keySet())
                .containsExactly("x-amz-meta-zeta", "content-type", "x-amz-meta-alpha");
    }

    @Test
    void versionRoundTripsEmptyMapsAndNulls() {
        ObjectVersion v = new ObjectVersion("", null, true, 0, null, null, Map.of(), Map.of(), null, null, null,
                List.of());
        ObjectVersion decoded = RecordCodec.decodeVersion(RecordCodec.encodeVersion(0, v)).version();
        assertThat(decoded).usingRecursiveComparison().isEqualTo(v);
        assertThat(decoded.headers()).isEmpty();
        assertThat(decoded.dataId()).isNull();
        assertThat(decoded.inline()).isNull();

        ObjectVersion nullMaps = new ObjectVersion("k", "v", false, 1, "e", null, null, null, null, null, "o",
                null);
        assertThat(RecordCodec.decodeVersion(RecordCodec.encodeVersion(1, nullMaps)).version())
                .usingRecursiveComparison().isEqualTo(nullMaps);
    }

    @Test
    void versionRoundTripsLargeAndEmptyInline() {
        byte[] big = new byte[1 << 20];
        new Random(1).nextBytes(big);
        ObjectVersion v = new ObjectVersion("k", "null", false, big.length, "e", Instant.EPOCH, Map.of(), Map.of(),
                null, big, "o", List.of());
        ObjectVersion decoded = RecordCodec.decodeVersion(RecordCodec.encodeVersion(5, v)).version();
        assertThat(Arrays.equals(decoded.inline(), big)).isTrue();

        ObjectVersion empty = new ObjectVersion("k", "null", false, 0, "e", Instant.EPOCH, Map.of(), Map.of(),
                null, new byte[0], "o", List.of());
        assertThat(RecordCodec.decodeVersion(RecordCodec.encodeVersion(5, empty)).version().inline()).isEmpty();
    }

    @Test
    void deleteMarkerFlagIsReadWithoutDecoding() {
        assertThat(RecordCodec.isDeleteMarker(RecordCodec.encodeVersion(1, TestVersions.deleteMarker("日/k"))))
                .isTrue();
        assertThat(RecordCodec.isDeleteMarker(RecordCodec.encodeVersion(1, TestVersions.object("日/k")))).isFalse();
        ObjectVersion nullVersionId = new ObjectVersion("k", null, true, 0, null, null, null, null, null, null,
                null, null);
        assertThat(RecordCodec.isDeleteMarker(RecordCodec.encodeVersion(1, nullVersionId))).isTrue();
    }

    @Test
    void rejectsUnknownFormatAndTruncation() {
        byte[] encoded = RecordCodec.encodeVersion(1, TestVersions.object("k"));
        byte[] future = encoded.clone();
        future[0] = RecordCodec.VERSION_FORMAT + 1;
        assertThatThrownBy(() -> RecordCodec.decodeVersion(future))
                .isInstanceOf(RecordCodec.CorruptRecordException.class).hasMessageContaining("format");
        assertThatThrownBy(() -> RecordCodec.decodeVersion(Arrays.copyOf(encoded, encoded.length - 3)))
                .isInstanceOf(RecordCodec.CorruptRecordException.class);
        assertThatThrownBy(() -> RecordCodec.decodeBucket(new byte[] {1, 0, 0}))
                .isInstanceOf(RecordCodec.CorruptRecordException.class);
    }

    @Test
    void versionWithPartsRoundTrips() {
        List<PartRef> parts = List.of(
                new PartRef(1, 5L << 20, "0cc175b9c0f1b6a831c399e269772661", "part-1", Map.of("CRC32", "AAAA")),
                new PartRef(3, 17, "92eb5ffee6ae2fec3ad71c777531578f", "part-3", Map.of()),
                new PartRef(10_000, 0, null, "part-10000", null));
        ObjectVersion v = new ObjectVersion("big/日本", "0123456789-abcdefghij_ABCDEFGHIJ", false, (5L << 20) + 17,
                "d41d8cd98f00b204e9800998ecf8427e-3", Instant.EPOCH, Map.of("content-type", "a/b"),
                Map.of("CRC32", "abcd-3"), null, null, "o", parts);
        ObjectVersion decoded = RecordCodec.decodeVersion(RecordCodec.encodeVersion(7, v)).version();
        assertThat(decoded).usingRecursiveComparison().isEqualTo(v);
        assertThat(decoded.isMultipart()).isTrue();
        assertThat(decoded.dataIds()).containsExactly("part-1", "part-3", "part-10000");
    }

    @Test
    void decodesFormatOneBucketsAsUnversioned() {
        byte[] old = LegacyFormat.bucket(9, "old", "eu-west-1", "bob", Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(RecordCodec.decodeBucket(old)).isEqualTo(new BucketRecord(9, "old", "eu-west-1", "bob",
                Instant.parse("2020-01-01T00:00:00Z"), VersioningState.UNVERSIONED));
        // Re-encoding writes the current format.
        assertThat(RecordCodec.encodeBucket(RecordCodec.decodeBucket(old))[0]).isEqualTo(RecordCodec.BUCKET_FORMAT);
    }

    @Test
    void decodesFormatOneVersionsWithoutParts() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amz-meta-b", "2");
        headers.put("content-type", "text/plain");
        byte[] old = LegacyFormat.version(123, "k/ü", "null", false, 3, "etag", Instant.ofEpochSecond(5, 6), headers,
                Map.of("CRC32", "x"), "data-1", new byte[] {1, 2, 3}, "owner");
        StoredVersion decoded = RecordCodec.decodeVersion(old);
        assertThat(decoded.stamp()).isEqualTo(123);
        assertThat(decoded.version()).usingRecursiveComparison().isEqualTo(new ObjectVersion("k/ü", "null", false, 3,
                "etag", Instant.ofEpochSecond(5, 6), headers, Map.of("CRC32", "x"), "data-1", new byte[] {1, 2, 3},
                "owner", List.of()));
        assertThat(decoded.version().headers().keySet()).containsExactly("x-amz-meta-b", "content-type");
        assertThat(RecordCodec.isDeleteMarker(old)).isFalse();
        assertThat(RecordCodec.versionId(old)).isEqualTo("null");

        byte[] oldMarker = LegacyFormat.version(1, "k", "dm-id", true, 0, null, null, Map.of(), Map.of(), null, null,
                null);
        assertThat(RecordCodec.isDeleteMarker(oldMarker)).isTrue();
        assertThat(RecordCodec.decodeVersion(oldMarker).version().parts()).isEmpty();
    }

    @Test
    void versionIdIsReadWithoutDecoding() {
        ObjectVersion v = TestVersions.object("日/k").withVersionId("some-id");
        assertThat(RecordCodec.versionId(RecordCodec.encodeVersion(1, v))).isEqualTo("some-id");
        assertThat(RecordCodec.versionId(RecordCodec.encodeVersion(1, v.withVersionId(null)))).isNull();
        assertThatThrownBy(() -> RecordCodec.versionId(new byte[] {RecordCodec.VERSION_FORMAT, 0, 0}))
                .isInstanceOf(RecordCodec.CorruptRecordException.class);
        byte[] lying = RecordCodec.encodeVersion(1, v);
        lying[1 + 8 + 2] = 127; // the key's length now points past the end
        assertThatThrownBy(() -> RecordCodec.versionId(lying)).isInstanceOf(RecordCodec.CorruptRecordException.class);
    }

    @Test
    void uploadRoundTrips() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amz-meta-z", "1");
        headers.put("content-type", "video/mp4");
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("zeta", "1");
        tags.put("alpha", "");
        UploadRecord u = new UploadRecord("videos/日本.mp4", "upload-Ω-1", Instant.parse("2025-03-04T05:06:07.89Z"),
                headers, Map.of("checksum-algorithm", "CRC32C"), "AKID", tags);
        UploadRecord decoded = RecordCodec.decodeUpload(RecordCodec.encodeUpload(u));
        assertThat(decoded).isEqualTo(u);
        assertThat(decoded.headers().keySet()).containsExactly("x-amz-meta-z", "content-type");
        assertThat(decoded.tags()).containsExactlyEntriesOf(tags);

        UploadRecord nulls = new UploadRecord("k", "u", null, null, null, null);
        assertThat(RecordCodec.decodeUpload(RecordCodec.encodeUpload(nulls))).isEqualTo(nulls);
    }

    @Test
    void decodesFormatOneUploadsWithoutTags() {
        // Format 2 only appended the tag map: a format-1 value is a current value without it.
        UploadRecord u = new UploadRecord("k", "u", Instant.EPOCH, Map.of("content-type", "a/b"),
                Map.of("sse.mode", "SSE-S3"), "o");
        byte[] current = RecordCodec.encodeUpload(u);
        byte[] one = Arrays.copyOf(current, current.length - Integer.BYTES);
        one[0] = 1;
        UploadRecord decoded = RecordCodec.decodeUpload(one);
        assertThat(decoded).isEqualTo(u);
        assertThat(decoded.tags()).isEmpty();
    }

    @Test
    void partRoundTrips() {
        PartRecord p = new PartRecord(10_000, 5L << 30, "0cc175b9c0f1b6a831c399e269772661",
                Instant.parse("2025-03-04T05:06:07.000000001Z"), "data-xyz", Map.of("SHA256", "q83v"));
        assertThat(RecordCodec.decodePart(RecordCodec.encodePart(p))).isEqualTo(p);
        PartRecord nulls = new PartRecord(1, 0, null, null, null, null);
        assertThat(RecordCodec.decodePart(RecordCodec.encodePart(nulls))).isEqualTo(nulls);
        assertThat(p.toRef()).isEqualTo(new PartRef(10_000, 5L << 30, "0cc175b9c0f1b6a831c399e269772661",
                "data-xyz", Map.of("SHA256", "q83v")));
    }

    @Test
    void rejectsUnknownFormatsOfTheNewRecords() {
        byte[] upload = RecordCodec.encodeUpload(new UploadRecord("k", "u", null, null, null, null));
        upload[0] = RecordCodec.UPLOAD_FORMAT + 1;
        assertThatThrownBy(() -> RecordCodec.decodeUpload(upload))
                .isInstanceOf(RecordCodec.CorruptRecordException.class);
        byte[] part = RecordCodec.encodePart(new PartRecord(1, 0, null, null, null, null));
        part[0] = 0;
        assertThatThrownBy(() -> RecordCodec.decodePart(part)).isInstanceOf(RecordCodec.CorruptRecordException.class);
        byte[] bucket = RecordCodec.encodeBucket(new BucketRecord(1, "b", null, null, null, VersioningState.ENABLED));
        bucket[bucket.length - 1 - 3 * Integer.BYTES] = 9; // the versioning byte, before encryption, tags, lifecycle
        assertThatThrownBy(() -> RecordCodec.decodeBucket(bucket))
                .isInstanceOf(RecordCodec.CorruptRecordException.class)
                .hasMessageContaining("versioning");
    }

    @Test
    void encryptionRecordsRoundTrip() {
        Map<String, String> enc = new LinkedHashMap<>();
        enc.put("mode", "SSE-S3");
        enc.put("kek", "mk-1");
        enc.put("sealed", "AAAA");
        ObjectVersion v = new ObjectVersion("k", "null", false, 3, "e", Instant.EPOCH, Map.of(), Map.of(), null,
                new byte[] {9, 9}, "o", List.of(), enc);
        ObjectVersion decoded = RecordCodec.decodeVersion(RecordCodec.encodeVersion(1, v)).version();
        assertThat(decoded.encryption()).containsExactlyEntriesOf(enc);
        assertThat(decoded.withEncryption(Map.of("mode", "x")).encryption()).isEqualTo(Map.of("mode", "x"));
        BucketRecord b = new BucketRecord(1, "b", "r", "o", Instant.EPOCH, VersioningState.ENABLED,
                Map.of("algorithm", "aws:kms", "key", "k1"));
        assertThat(RecordCodec.decodeBucket(RecordCodec.encodeBucket(b))).isEqualTo(b);
        assertThat(b.withVersioning(VersioningState.SUSPENDED).encryption()).isEqualTo(b.encryption());
    }

    @Test
    void decodesFormatTwoRecordsAsUnencrypted() {
        // Formats 3 and 4 only appended fields (a version: encryption, tags and tier maps; a bucket: encryption,
        // tags, lifecycle): a format-2 value is a current value without them.
        ObjectVersion v = new ObjectVersion("k", "null", false, 3, "e", Instant.EPOCH, Map.of(), Map.of(), "d",
                null, "o", List.of());
        byte[] current = RecordCodec.encodeVersion(5, v);
        byte[] two = java.util.Arrays.copyOf(current, current.length - 3 * Integer.BYTES);
        two[0] = 2;
        assertThat(RecordCodec.decodeVersion(two).version()).usingRecursiveComparison().isEqualTo(v);
        assertThat(RecordCodec.versionId(two)).isEqualTo("null");
        BucketRecord b = new BucketRecord(1, "b", "r", "o", Instant.EPOCH, VersioningState.ENABLED);
        byte[] b4 = RecordCodec.encodeBucket(b);
        byte[] b2 = java.util.Arrays.copyOf(b4, b4.length - 3 * Integer.BYTES);
        b2[0] = 2;
        assertThat(RecordCodec.decodeBucket(b2)).isEqualTo(b);
    }

    @Test
    void decodesFormatThreeRecordsWithoutTagsOrTier() {
        ObjectVersion v = new ObjectVersion("k", "null", false, 3, "e", Instant.EPOCH, Map.of(), Map.of(), "d",
                null, "o", List.of(), Map.of("mode", "SSE-S3"));
        byte[] current = RecordCodec.encodeVersion(5, v);
        byte[] three = java.util.Arrays.copyOf(current, current.length - 2 * Integer.BYTES);
        three[0] = 3;
        ObjectVersion decoded = RecordCodec.decodeVersion(three).version();
        assertThat(decoded).usingRecursiveComparison().isEqualTo(v);
        assertThat(decoded.tags()).isEmpty();
        assertThat(decoded.transitioned()).isFalse();
        BucketRecord b = new BucketRecord(1, "b", "r", "o", Instant.EPOCH, VersioningState.ENABLED,
                Map.of("algorithm", "AES256"));
        byte[] b4 = RecordCodec.encodeBucket(b);
        byte[] b3 = java.util.Arrays.copyOf(b4, b4.length - 2 * Integer.BYTES);
        b3[0] = 3;
        assertThat(RecordCodec.decodeBucket(b3)).isEqualTo(b);
    }

    @Test
    void tagsTierAndLifecycleRoundTripInOrder() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("zeta", "1");
        tags.put("alpha", "");
        tags.put("ünï", "v a l");
        Map<String, String> tier = Map.of("tier", "COLD", "remote", "abc");
        ObjectVersion v = new ObjectVersion("k", "null", false, 3, "e", Instant.EPOCH, Map.of(), Map.of(), null,
                null, "o", List.of(), Map.of(), tags, tier);
        ObjectVersion decoded = RecordCodec.decodeVersion(RecordCodec.encodeVersion(1, v)).version();
        assertThat(decoded.tags()).containsExactlyEntriesOf(tags);
        assertThat(decoded.tier()).isEqualTo(tier);
        assertThat(decoded.transitioned()).isTrue();
        assertThat(RecordCodec.decodeListed(RecordCodec.encodeVersion(1, v),
                RecordCodec.encodeVersion(1, v).length).version().tags()).containsExactlyEntriesOf(tags);
        BucketRecord b = new BucketRecord(1, "b", "r", "o", Instant.EPOCH, VersioningState.ENABLED, Map.of(), tags,
                "<LifecycleConfiguration/>");
        BucketRecord back = RecordCodec.decodeBucket(RecordCodec.encodeBucket(b));
        assertThat(back).isEqualTo(b);
        assertThat(back.tags()).containsExactlyEntriesOf(tags);
        assertThat(back.withLifecycle(null).lifecycle()).isNull();
        assertThat(back.withVersioning(VersioningState.SUSPENDED).lifecycle()).isEqualTo(b.lifecycle());
    }

    @Test
    void tierRecordsRoundTrip() {
        TierRecord t = new TierRecord("COLD", "s3", Map.of("endpoint", "http://x", "secret", "sealed"),
                Instant.ofEpochSecond(1_700_000_000));
        assertThat(RecordCodec.decodeTier(RecordCodec.encodeTier(t))).isEqualTo(t);
    }
}
