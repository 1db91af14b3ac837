package io.cairn.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PutObject, GetObject and HeadObject: headers, digests, conditions, ranges, overrides, keys and sizes. */
class PutGetObjectTest extends ConformanceTestBase {
    private static final int INLINE_THRESHOLD = 128 * 1024;
    private static String bucket;

    @BeforeAll
    static void bucket() {
        bucket = createBucket("putget");
    }

    // ---- stored headers ----

    @Test
    @SuppressWarnings("deprecation")
    void contentHeadersAndMetadataAreStoredAndReturned() {
        Instant expires = Instant.parse("2030-01-02T03:04:05Z");
        byte[] data = "<html>hello</html>".getBytes(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket(bucket).key("headers.html")
                        .metadata(Map.of("color", "blue", "Mixed-Case", "Value With Spaces"))
                        .contentType("text/html; charset=utf-8")
                        .cacheControl("max-age=3600, must-revalidate")
                        .contentDisposition("attachment; filename=\"a b.html\"")
                        .contentEncoding("identity")
                        .contentLanguage("de-CH")
                        .expires(expires),
                RequestBody.fromBytes(data));

        ResponseBytes<GetObjectResponse> get = s3.getObjectAsBytes(b -> b.bucket(bucket).key("headers.html"));
        GetObjectResponse g = get.response();
        assertThat(get.asByteArray()).isEqualTo(data);
        assertThat(g.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(g.cacheControl()).isEqualTo("max-age=3600, must-revalidate");
        assertThat(g.contentDisposition()).isEqualTo("attachment; filename=\"a b.html\"");
        assertThat(g.contentEncoding()).isEqualTo("identity");
        assertThat(g.contentLanguage()).isEqualTo("de-CH");
        assertThat(g.expires()).isEqualTo(expires);
        assertThat(g.metadata()).containsEntry("color", "blue").containsEntry("mixed-case", "Value With Spaces")
                .hasSize(2);
        assertThat(g.contentLength()).isEqualTo(data.length);
        assertThat(g.acceptRanges()).isEqualTo("bytes");
        assertThat(g.eTag()).isEqualTo("\"" + md5Hex(data) + "\"");
        assertThat(g.lastModified()).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));

        HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key("headers.html"));
        assertThat(h.contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(h.cacheControl()).isEqualTo("max-age=3600, must-revalidate");
        assertThat(h.contentDisposition()).isEqualTo("attachment; filename=\"a b.html\"");
        assertThat(h.contentEncoding()).isEqualTo("identity");
        assertThat(h.contentLanguage()).isEqualTo("de-CH");
        assertThat(h.expires()).isEqualTo(expires);
        assertThat(h.metadata()).containsEntry("color", "blue").containsEntry("mixed-case", "Value With Spaces");
        assertThat(h.contentLength()).isEqualTo(data.length);
        assertThat(h.eTag()).isEqualTo(g.eTag());
        assertThat(h.lastModified()).isEqualTo(g.lastModified());
        assertThat(h.acceptRanges()).isEqualTo("bytes");
    }

    @Test
    void gzipContentEncodingIsKeptWithoutTheAwsChunkedFraming() {
        // The SDK uploads with Content-Encoding "gzip,aws-chunked" (or similar): only gzip belongs to the object.
        byte[] data = randomBytes(1000, 7);
        s3.putObject(b -> b.bucket(bucket).key("gz").contentEncoding("gzip"), RequestBody.fromBytes(data));
        HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key("gz"));
        assertThat(h.contentEncoding()).isEqualTo("gzip");
        assertThat(h.contentLength()).isEqualTo(1000);
    }

    @Test
    void defaultContentTypeIsBinaryOctetStream() {
        RawHttp.Response put = RawRequest.of(server.port(), "PUT", "/" + bucket + "/no-type")
                .body(new byte[] {1, 2, 3}).send();
        assertThat(put.status()).isEqualTo(200);
        HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key("no-type"));
        assertThat(h.contentType()).isEqualTo("binary/octet-stream");
    }

    @Test
    void overwriteReplacesDataAndMetadata() {
        s3.putObject(b -> b.bucket(bucket).key("over").metadata(Map.of("v", "1")), RequestBody.fromString("one"));
        s3.putObject(b -> b.bucket(bucket).key("over").metadata(Map.of("w", "2")), RequestBody.fromString("two!"));
        ResponseBytes<GetObjectResponse> g = s3.getObjectAsBytes(b -> b.bucket(bucket).key("over"));
        assertThat(g.asUtf8String()).isEqualTo("two!");
        assertThat(g.response().metadata()).containsExactlyEntriesOf(Map.of("w", "2"));
    }

    // ---- ETag and Content-MD5 ----

    @Test
    void etagIsQuotedMd5Hex() {
        byte[] data = randomBytes(4321, 1);
        PutObjectResponse r = s3.putObject(b -> b.bucket(bucket).key("etag"), RequestBody.fromBytes(data));
        assertThat(r.eTag()).isEqualTo("\"" + md5Hex(data) + "\"").matches("\"[0-9a-f]{32}\"");
        S3Object listed = s3.listObjectsV2(b -> b.bucket(bucket).prefix("etag")).contents().getFirst();
        assertThat(listed.eTag()).isEqualTo(r.eTag());
        assertThat(listed.size()).isEqualTo(4321);
    }

    @Test
    void correctContentMd5IsAccepted() {
        byte[] data = randomBytes(1000, 2);
        PutObjectResponse r = s3.putObject(b -> b.bucket(bucket).key("md5-ok").contentMD5(md5Base64(data)),
                RequestBody.fromBytes(data));
        assertThat(r.eTag()).isEqualTo("\"" + md5Hex(data) + "\"");
    }

    @Test
    void wrongContentMd5IsBadDigest() {
        byte[] data = randomBytes(1000, 3);
        String other = md5Base64("something else".getBytes(StandardCharsets.UTF_8));
        s3Error(() -> s3.putObject(b -> b.bucket(bucket).key("md5-bad").contentMD5(other),
                RequestBody.fromBytes(data)), 400, "BadDigest");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("md5-bad")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not base64!", "AAAA", "ZGVhZGJlZWY="})
    void invalidContentMd5IsInvalidDigest(String md5) {
        byte[] data = randomBytes(100, 4);
        s3Error(() -> s3.putObject(b -> b.bucket(bucket).key("md5-invalid").contentMD5(md5),
                RequestBody.fromBytes(data)), 400, "InvalidDigest");
    }

    // ---- conditional writes ----

    @Test
    void ifNoneMatchStarCreatesOnlyOnce() {
        String key = "create-once";
        PutObjectResponse first = s3.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*"),
                RequestBody.fromString("first"));
        assertThat(first.eTag()).isNotBlank();
        s3Error(() -> s3.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*"),
                RequestBody.fromString("second")), 412, "PreconditionFailed");
        assertThat(new String(getBytes(bucket, key), StandardCharsets.UTF_8)).isEqualTo("first");
    }

    @Test
    void ifMatchReplacesOnlyTheMatchingVersion() {
        String key = "replace-if";
        String etag1 = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("v1")).eTag();
        String etag2 = s3.putObject(b -> b.bucket(bucket).key(key).ifMatch(etag1), RequestBody.fromString("v2"))
                .eTag();
        assertThat(etag2).isNotEqualTo(etag1);
        s3Error(() -> s3.putObject(b -> b.bucket(bucket).key(key).ifMatch(etag1), RequestBody.fromString("v3")),
                412, "PreconditionFailed");
        assertThat(new String(getBytes(bucket, key), StandardCharsets.UTF_8)).isEqualTo("v2");
    }

    @Test
    void ifMatchOnMissingKeyIsNoSuchKey() {
        s3Error(() -> s3.putObject(b -> b.bucket(bucket).key("absent-if-match").ifMatch("\"abc\""),
                RequestBody.fromString("x")), 404, "NoSuchKey");
    }

    // ---- ranges ----

    @Test
    void rangeFirstLast() {
        byte[] data = rangeObject();
        ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(bucket).key("range").range("bytes=10-19"));
        assertThat(r.response().sdkHttpResponse().statusCode()).isEqualTo(206);
        assertThat(r.response().contentRange()).isEqualTo("bytes 10-19/1000");
        assertThat(r.response().contentLength()).isEqualTo(10);
        assertThat(r.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 20));
    }

    @Test
    void rangeLastBeyondSizeIsClipped() {
        byte[] data = rangeObject();
        ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(bucket).key("range")
                .range("bytes=990-5000"));
        assertThat(r.response().sdkHttpResponse().statusCode()).isEqualTo(206);
        assertThat(r.response().contentRange()).isEqualTo("bytes 990-999/1000");
        assertThat(r.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(data, 990, 1000));
    }

    @Test
    void rangeOpenEnded() {
        byte[] data = rangeObject();
        ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(bucket).key("range").range("bytes=900-"));
        assertThat(r.response().sdkHttpResponse().statusCode()).isEqualTo(206);
        assertThat(r.response().contentRange()).isEqualTo("bytes 900-999/1000");
        assertThat(r.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(data, 900, 1000));
    }

    @Test
    void rangeSuffix() {
        byte[] data = rangeObject();
        ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(bucket).key("range").range("bytes=-7"));
        assertThat(r.response().sdkHttpResponse().statusCode()).isEqualTo(206);
        assertThat(r.response().contentRange()).isEqualTo("bytes 993-999/1000");
        assertThat(r.response().contentLength()).isEqualTo(7);
        assertThat(r.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(data, 993, 1000));
    }

    @Test
    void rangeOfAFileBackedObject() {
        byte[] data = randomBytes(INLINE_THRESHOLD * 3, 11);
        put(bucket, "range-big", data);
        ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(bucket).key("range-big")
                .range("bytes=200000-300000"));
        assertThat(r.response().contentRange()).isEqualTo("bytes 200000-300000/" + data.length);
        assertThat(r.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(data, 200000, 300001));
    }

    @Test
    void unsatisfiableRangeIs416InvalidRange() {
        rangeObject();
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("range").range("bytes=1000-")),
                416, "InvalidRange");
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("range").range("bytes=5000-6000")),
                416, "InvalidRange");
        RawHttp.Response raw = RawRequest.of(server.port(), "GET", "/" + bucket + "/range")
                .header("Range", "bytes=2000-").send();
        assertError(raw, 416, "InvalidRange");
        assertThat(raw.header("content-range")).isEqualTo("bytes */1000");
    }

    @Test
    void syntacticallyInvalidRangeIsIgnored() {
        byte[] data = rangeObject();
        ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(bucket).key("range")
                .range("bytes=abc-def"));
        assertThat(r.response().sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(r.asByteArray()).isEqualTo(data);
    }

    @Test
    void headObjectWithRange() {
        rangeObject();
        HeadObjectResponse h = s3.headObject(b -> b.bucket(bucket).key("range").range("bytes=0-99"));
        assertThat(h.sdkHttpResponse().statusCode()).isEqualTo(206);
        assertThat(h.contentLength()).isEqualTo(100);
        assertThat(h.contentRange()).isEqualTo("bytes 0-99/1000");
    }

    private static byte[] rangeObject() {
        byte[] data = randomBytes(1000, 99);
        put(bucket, "range", data);
        return data;
    }

    // ---- conditional reads ----

    @Test
    void conditionalGet() {
        byte[] data = randomBytes(300, 5);
        String etag = s3.putObject(b -> b.bucket(bucket).key("cond"), RequestBody.fromBytes(data)).eTag();
        Instant lastModified = s3.headObject(b -> b.bucket(bucket).key("cond")).lastModified();
        Instant before = lastModified.minus(1, ChronoUnit.HOURS);
        Instant after = lastModified.plus(1, ChronoUnit.HOURS);

        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("cond").ifMatch(etag)).asByteArray())
                .isEqualTo(data);
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("cond").ifMatch("\"0123456789abcdef\"")),
                412, "PreconditionFailed");

        S3Exception notModified = s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("cond")
                .ifNoneMatch(etag)), 304, null);
        assertThat(notModified.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("ETag")).contains(etag);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("cond").ifNoneMatch("\"other\"")).asByteArray())
                .isEqualTo(data);

        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("cond").ifModifiedSince(after)), 304, null);
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("cond").ifModifiedSince(lastModified)),
                304, null);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("cond").ifModifiedSince(before)).asByteArray())
                .isEqualTo(data);

        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("cond").ifUnmodifiedSince(before)),
                412, "PreconditionFailed");
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("cond").ifUnmodifiedSince(after)).asByteArray())
                .isEqualTo(data);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("cond").ifUnmodifiedSince(lastModified))
                .asByteArray()).isEqualTo(data);

        // RFC 9110 / S3: If-Match true + If-Unmodified-Since false → 200; If-None-Match false + If-Modified-Since
        // false → 200.
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("cond").ifMatch(etag).ifUnmodifiedSince(before))
                .asByteArray()).isEqualTo(data);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("cond").ifNoneMatch("\"other\"")
                .ifModifiedSince(after)).asByteArray()).isEqualTo(data);
    }

    @Test
    void conditionalHead() {
        String etag = s3.putObject(b -> b.bucket(bucket).key("cond-head"), RequestBody.fromString("x")).eTag();
        Instant lastModified = s3.headObject(b -> b.bucket(bucket).key("cond-head")).lastModified();
        s3Error(() -> s3.headObject(b -> b.bucket(bucket).key("cond-head").ifNoneMatch(etag)), 304, null);
        s3Error(() -> s3.headObject(b -> b.bucket(bucket).key("cond-head").ifMatch("\"nope\"")), 412, null);
        s3Error(() -> s3.headObject(b -> b.bucket(bucket).key("cond-head")
                .ifUnmodifiedSince(lastModified.minusSeconds(3600))), 412, null);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("cond-head").ifMatch(etag)).eTag()).isEqualTo(etag);
    }

    // ---- response header overrides ----

    @Test
    @SuppressWarnings("deprecation")
    void responseHeaderOverrides() {
        s3.putObject(b -> b.bucket(bucket).key("override").contentType("text/plain"), RequestBody.fromString("o"));
        Instant expires = Instant.parse("2031-05-06T07:08:09Z");
        GetObjectResponse r = s3.getObjectAsBytes(b -> b.bucket(bucket).key("override")
                .responseContentType("application/x-custom")
                .responseContentLanguage("fr")
                .responseExpires(expires)
                .responseCacheControl("no-cache")
                .responseContentDisposition("attachment; filename=\"x y.bin\"")
                .responseContentEncoding("identity")).response();
        assertThat(r.contentType()).isEqualTo("application/x-custom");
        assertThat(r.contentLanguage()).isEqualTo("fr");
        assertThat(r.expires()).isEqualTo(expires);
        assertThat(r.cacheControl()).isEqualTo("no-cache");
        assertThat(r.contentDisposition()).isEqualTo("attachment; filename=\"x y.bin\"");
        assertThat(r.contentEncoding()).isEqualTo("identity");
        // The stored object is unchanged.
        assertThat(s3.headObject(b -> b.bucket(bucket).key("override")).contentType()).isEqualTo("text/plain");
    }

    // ---- missing objects ----

    @Test
    void missingKeyIsNoSuchKey() {
        S3Exception e = s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("no/such/key")),
                404, "NoSuchKey");
        assertThat(e).isInstanceOf(NoSuchKeyException.class);
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key("no/such/key")))
                .isInstanceOfSatisfying(NoSuchKeyException.class, x -> assertThat(x.statusCode()).isEqualTo(404));
        RawHttp.Response raw = RawRequest.of(server.port(), "GET", "/" + bucket + "/no/such/key").send();
        ErrorDoc doc = assertError(raw, 404, "NoSuchKey");
        assertThat(doc.resource()).isEqualTo("/" + bucket + "/no/such/key");
    }

    @Test
    void objectInMissingBucketIsNoSuchBucket() {
        String missing = uniqueBucketName("gone");
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(missing).key("k")), 404, "NoSuchBucket");
        s3Error(() -> s3.putObject(b -> b.bucket(missing).key("k"), RequestBody.fromString("x")),
                404, "NoSuchBucket");
    }

    // ---- keys ----

    @ParameterizedTest
    @ValueSource(strings = {"unicode-ключ-日本語-🪨", "../escape", "a/../../b", "./dot", "with space", "plus+sign",
            "percent%41%zz", "question?mark", "hash#tag", "amp&eq=", "semi;colon", "tilde~star*", "//double//slash",
            "trailing/", "back\\slash", "quote\"apos'", "<angle>", "tab\tkey", "comma,colon:at@", "€$!()[]{}|^`"})
    void keysAreOpaque(String key) {
        byte[] data = ("data of " + key).getBytes(StandardCharsets.UTF_8);
        put(bucket, key, data);
        assertThat(getBytes(bucket, key)).isEqualTo(data);
        assertThat(s3.headObject(b -> b.bucket(bucket).key(key)).contentLength()).isEqualTo(data.length);
        List<String> listed = s3.listObjectsV2(b -> b.bucket(bucket).prefix(key)).contents().stream()
                .map(S3Object::key).toList();
        assertThat(listed).contains(key);
    }

    @Test
    void traversalKeysDoNotEscapeTheBucket() {
        String other = createBucket("traversal");
        put(bucket, "../" + other + "/x", "inside".getBytes(StandardCharsets.UTF_8));
        assertThat(s3.listObjectsV2(b -> b.bucket(other)).contents()).isEmpty();
        assertThat(new String(getBytes(bucket, "../" + other + "/x"), StandardCharsets.UTF_8)).isEqualTo("inside");
    }

    @Test
    void keyOf1024BytesIsStored() {
        // 1024 bytes of UTF-8: 510 two-byte characters and 4 ASCII.
        String key = "é".repeat(510) + "abcd";
        assertThat(key.getBytes(StandardCharsets.UTF_8)).hasSize(1024);
        put(bucket, key, "long".getBytes(StandardCharsets.UTF_8));
        assertThat(getBytes(bucket, key)).asString(StandardCharsets.UTF_8).isEqualTo("long");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("éé")).contents())
                .extracting(S3Object::key).contains(key);
        String ascii = "k".repeat(1024);
        put(bucket, ascii, "ascii".getBytes(StandardCharsets.UTF_8));
        assertThat(getBytes(bucket, ascii)).asString(StandardCharsets.UTF_8).isEqualTo("ascii");
    }

    @Test
    void keyOf1025BytesIsKeyTooLong() {
        String key = "k".repeat(1025);
        s3Error(() -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("x")),
                400, "KeyTooLongError");
        String multibyte = "é".repeat(512) + "x";
        s3Error(() -> s3.putObject(b -> b.bucket(bucket).key(multibyte), RequestBody.fromString("x")),
                400, "KeyTooLongError");
    }

    // ---- sizes ----

    @ParameterizedTest
    @ValueSource(ints = {0, 1, INLINE_THRESHOLD - 1, INLINE_THRESHOLD, INLINE_THRESHOLD + 1, 5 * 1024 * 1024})
    void objectSizes(int size) {
        byte[] data = randomBytes(size, size);
        String key = "size-" + size;
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(data));
        assertThat(put.eTag()).isEqualTo("\"" + md5Hex(data) + "\"");
        ResponseBytes<GetObjectResponse> get = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        assertThat(get.response().contentLength()).isEqualTo(size);
        assertThat(get.asByteArray()).isEqualTo(data);
        assertThat(get.response().eTag()).isEqualTo(put.eTag());
        assertThat(s3.headObject(b -> b.bucket(bucket).key(key)).contentLength()).isEqualTo(size);
    }

    @Test
    void putOverFiveGibIsEntityTooLarge() {
        long tooLarge = 5L * 1024 * 1024 * 1024 + 1;
        RawHttp.Response r = RawRequest.of(server.port(), "PUT", "/" + bucket + "/huge")
                .unsignedPayload()
                .header("Content-Length", Long.toString(tooLarge))
                .send();
        assertError(r, 400, "EntityTooLarge");
    }

    private static org.assertj.core.data.TemporalUnitOffset within(Duration d) {
        return new org.assertj.core.data.TemporalUnitWithinOffset(d.toSeconds(), ChronoUnit.SECONDS);
    }
}
