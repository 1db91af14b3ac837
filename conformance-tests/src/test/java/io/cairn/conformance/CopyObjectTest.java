package io.cairn.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** CopyObject: encoded sources, metadata directives, copying onto itself, source conditions, result XML. */
class CopyObjectTest extends ConformanceTestBase {
    private static String source;
    private static String target;

    @BeforeAll
    static void buckets() {
        source = createBucket("copy-src");
        target = createBucket("copy-dst");
    }

    private static PutObjectResponse putWithHeaders(String bucket, String key, byte[] data) {
        return s3.putObject(b -> b.bucket(bucket).key(key).contentType("text/x-source")
                        .cacheControl("max-age=1").contentDisposition("inline").contentLanguage("en")
                        .metadata(Map.of("origin", "source", "n", "1")),
                RequestBody.fromBytes(data));
    }

    @Test
    void copyKeepsDataAndMetadataByDefault() {
        byte[] data = randomBytes(10_000, 1);
        PutObjectResponse put = putWithHeaders(source, "plain", data);
        Instant before = Instant.now().minusSeconds(2);
        CopyObjectResponse copy = s3.copyObject(b -> b.sourceBucket(source).sourceKey("plain")
                .destinationBucket(target).destinationKey("plain-copy"));
        assertThat(copy.copyObjectResult().eTag()).isEqualTo(put.eTag()).isEqualTo("\"" + md5Hex(data) + "\"");
        assertThat(copy.copyObjectResult().lastModified()).isAfter(before).isBefore(Instant.now().plusSeconds(2));

        ResponseBytes<GetObjectResponse> get = s3.getObjectAsBytes(b -> b.bucket(target).key("plain-copy"));
        assertThat(get.asByteArray()).isEqualTo(data);
        GetObjectResponse g = get.response();
        assertThat(g.contentType()).isEqualTo("text/x-source");
        assertThat(g.cacheControl()).isEqualTo("max-age=1");
        assertThat(g.contentDisposition()).isEqualTo("inline");
        assertThat(g.contentLanguage()).isEqualTo("en");
        assertThat(g.metadata()).containsExactlyInAnyOrderEntriesOf(Map.of("origin", "source", "n", "1"));
        assertThat(g.lastModified()).isEqualTo(copy.copyObjectResult().lastModified().truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS));
    }

    @Test
    void explicitCopyDirectiveIgnoresNewHeaders() {
        putWithHeaders(source, "explicit-copy", "d".getBytes());
        s3.copyObject(b -> b.sourceBucket(source).sourceKey("explicit-copy")
                .destinationBucket(target).destinationKey("explicit-copy")
                .metadataDirective(MetadataDirective.COPY)
                .contentType("application/ignored").metadata(Map.of("ignored", "yes")));
        HeadObjectResponse h = s3.headObject(b -> b.bucket(target).key("explicit-copy"));
        assertThat(h.contentType()).isEqualTo("text/x-source");
        assertThat(h.metadata()).containsEntry("origin", "source").doesNotContainKey("ignored");
    }

    @Test
    void replaceDirectiveReplacesMetadata() {
        byte[] data = randomBytes(500, 2);
        putWithHeaders(source, "replace", data);
        s3.copyObject(b -> b.sourceBucket(source).sourceKey("replace")
                .destinationBucket(target).destinationKey("replaced")
                .metadataDirective(MetadataDirective.REPLACE)
                .contentType("application/json").metadata(Map.of("fresh", "new")));
        ResponseBytes<GetObjectResponse> get = s3.getObjectAsBytes(b -> b.bucket(target).key("replaced"));
        assertThat(get.asByteArray()).isEqualTo(data);
        assertThat(get.response().contentType()).isEqualTo("application/json");
        assertThat(get.response().metadata()).containsExactlyEntriesOf(Map.of("fresh", "new"));
        assertThat(get.response().cacheControl()).isNull();
        assertThat(get.response().contentLanguage()).isNull();
    }

    @Test
    void copySourceWithSpacesUnicodeAndSpecialCharacters() {
        String key = "dir with space/ünïcødé+plus%percent?q=1&x 日本.txt";
        byte[] data = "special".getBytes(StandardCharsets.UTF_8);
        put(source, key, data);
        s3.copyObject(b -> b.sourceBucket(source).sourceKey(key).destinationBucket(target).destinationKey(key));
        assertThat(getBytes(target, key)).isEqualTo(data);
    }

    @Test
    void copySourceHeaderByHandWithAndWithoutLeadingSlash() {
        String key = "raw source/ä b";
        put(source, key, "raw");
        String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/");
        for (String header : new String[] {"/" + source + "/" + encoded, source + "/" + encoded}) {
            RawHttp.Response r = RawRequest.of(server.port(), "PUT", "/" + target + "/raw-dst")
                    .header("x-amz-copy-source", header).send();
            assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
            var result = parseXml(r.body()).getDocumentElement();
            assertThat(result.getTagName()).isEqualTo("CopyObjectResult");
            assertThat(childText(result, "ETag")).isEqualTo("\"" + md5Hex("raw".getBytes()) + "\"");
            assertThat(childText(result, "LastModified")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
            assertThat(getBytes(target, "raw-dst")).isEqualTo("raw".getBytes());
        }
    }

    @Test
    void copyOntoItselfWithoutReplaceIsInvalidRequest() {
        put(source, "self", "me");
        s3Error(() -> s3.copyObject(b -> b.sourceBucket(source).sourceKey("self")
                .destinationBucket(source).destinationKey("self")), 400, "InvalidRequest");
    }

    @Test
    void copyOntoItselfWithReplaceUpdatesMetadata() {
        s3.putObject(b -> b.bucket(source).key("self-replace").contentType("text/plain")
                .metadata(Map.of("v", "1")), RequestBody.fromString("me"));
        CopyObjectResponse r = s3.copyObject(b -> b.sourceBucket(source).sourceKey("self-replace")
                .destinationBucket(source).destinationKey("self-replace")
                .metadataDirective(MetadataDirective.REPLACE).contentType("text/csv").metadata(Map.of("v", "2")));
        assertThat(r.copyObjectResult().eTag()).isEqualTo("\"" + md5Hex("me".getBytes()) + "\"");
        HeadObjectResponse h = s3.headObject(b -> b.bucket(source).key("self-replace"));
        assertThat(h.contentType()).isEqualTo("text/csv");
        assertThat(h.metadata()).containsExactlyEntriesOf(Map.of("v", "2"));
        assertThat(getBytes(source, "self-replace")).isEqualTo("me".getBytes());
    }

    @Test
    void copySourceConditions() {
        String etag = s3.putObject(b -> b.bucket(source).key("cond"), RequestBody.fromString("c")).eTag();
        Instant lastModified = s3.headObject(b -> b.bucket(source).key("cond")).lastModified();
        Instant before = lastModified.minus(Duration.ofHours(1));
        Instant after = lastModified.plus(Duration.ofHours(1));

        s3.copyObject(b -> b.sourceBucket(source).sourceKey("cond").destinationBucket(target).destinationKey("c1")
                .copySourceIfMatch(etag));
        s3Error(() -> s3.copyObject(b -> b.sourceBucket(source).sourceKey("cond").destinationBucket(target)
                .destinationKey("c2").copySourceIfMatch("\"00000000000000000000000000000000\"")),
                412, "PreconditionFailed");

        s3.copyObject(b -> b.sourceBucket(source).sourceKey("cond").destinationBucket(target).destinationKey("c3")
                .copySourceIfNoneMatch("\"00000000000000000000000000000000\""));
        s3Error(() -> s3.copyObject(b -> b.sourceBucket(source).sourceKey("cond").destinationBucket(target)
                .destinationKey("c4").copySourceIfNoneMatch(etag)), 412, "PreconditionFailed");

        s3.copyObject(b -> b.sourceBucket(source).sourceKey("cond").destinationBucket(target).destinationKey("c5")
                .copySourceIfModifiedSince(before));
        s3Error(() -> s3.copyObject(b -> b.sourceBucket(source).sourceKey("cond").destinationBucket(target)
                .destinationKey("c6").copySourceIfModifiedSince(after)), 412, "PreconditionFailed");

        s3.copyObject(b -> b.sourceBucket(source).sourceKey("cond").destinationBucket(target).destinationKey("c7")
                .copySourceIfUnmodifiedSince(after));
        s3Error(() -> s3.copyObject(b -> b.sourceBucket(source).sourceKey("cond").destinationBucket(target)
                .destinationKey("c8").copySourceIfUnmodifiedSince(before)), 412, "PreconditionFailed");

        assertThat(s3.listObjectsV2(b -> b.bucket(target).prefix("c")).contents())
                .extracting(o -> o.key()).containsExactly("c1", "c3", "c5", "c7");
    }

    @Test
    void missingSourceIsNoSuchKey() {
        s3Error(() -> s3.copyObject(b -> b.sourceBucket(source).sourceKey("does-not-exist")
                .destinationBucket(target).destinationKey("x")), 404, "NoSuchKey");
    }

    @Test
    void missingSourceBucketIsNoSuchBucket() {
        String missing = uniqueBucketName("copy-missing");
        s3Error(() -> s3.copyObject(b -> b.sourceBucket(missing).sourceKey("k")
                .destinationBucket(target).destinationKey("x")), 404, "NoSuchBucket");
    }

    @Test
    void copyOfLargeFileBackedObject() {
        byte[] data = randomBytes(1024 * 1024 + 5, 3);
        String etag = s3.putObject(b -> b.bucket(source).key("large"), RequestBody.fromBytes(data)).eTag();
        CopyObjectResponse r = s3.copyObject(b -> b.sourceBucket(source).sourceKey("large")
                .destinationBucket(target).destinationKey("large"));
        assertThat(r.copyObjectResult().eTag()).isEqualTo(etag);
        assertThat(getBytes(target, "large")).isEqualTo(data);
        // The copy is independent of its source.
        s3.deleteObject(b -> b.bucket(source).key("large"));
        assertThat(getBytes(target, "large")).isEqualTo(data);
    }

    @Test
    void copyKeepsChecksums() {
        byte[] data = randomBytes(2000, 4);
        PutObjectResponse put = s3.putObject(b -> b.bucket(source).key("sum"), RequestBody.fromBytes(data));
        CopyObjectResponse copy = s3.copyObject(b -> b.sourceBucket(source).sourceKey("sum")
                .destinationBucket(target).destinationKey("sum"));
        assertThat(copy.copyObjectResult().checksumCRC32()).isEqualTo(put.checksumCRC32());
        assertThat(s3.headObject(b -> b.bucket(target).key("sum").checksumMode(ChecksumMode.ENABLED))
                .checksumCRC32()).isEqualTo(put.checksumCRC32());
    }
}
