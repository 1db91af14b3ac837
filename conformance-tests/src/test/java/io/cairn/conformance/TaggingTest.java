package io.cairn.conformance;

import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.DeleteObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutBucketTaggingResponse;
import software.amazon.awssdk.services.s3.model.PutObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Object and bucket tagging through the AWS SDK v2: the six tagging operations, S3's validation of tags and its
 * errors, versions and delete markers, the x-amz-tagging header on PutObject, CreateMultipartUpload and CopyObject
 * (with both tagging directives), x-amz-tagging-count on GET and HEAD, and tags surviving a restart.
 */
class TaggingTest extends ConformanceTestBase {
    private static final String NO_MORE_THAN_10 = "Object tags cannot be greater than 10";
    private static final String INVALID_KEY = "The TagKey you have provided is invalid";
    private static final String INVALID_VALUE = "The TagValue you have provided is invalid";
    private static final String BAD_HEADER = "The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded "
            + "URL query parameters without tag name duplicates.";

    /** The same server, with the raw body of each response kept: error details the SDK's model drops. */
    private static RawXml raw;
    private static S3Client rawS3;

    @TempDir
    Path restartDir;

    @BeforeAll
    static void startRawClient() {
        raw = new RawXml();
        rawS3 = server.client(b -> b.overrideConfiguration(o -> o.addExecutionInterceptor(raw)));
    }

    @AfterAll
    static void stopRawClient() {
        if (rawS3 != null) {
            rawS3.close();
        }
    }

    // ---- object tagging ----

    @Test
    void objectTagsAreSetReadReplacedAndDeletedInPlace() {
        String bucket = createBucket("tag-obj");
        put(bucket, "k", "content");
        HeadObjectResponse before = s3.headObject(b -> b.bucket(bucket).key("k"));

        GetObjectTaggingResponse none = s3.getObjectTagging(b -> b.bucket(bucket).key("k"));
        assertThat(none.tagSet()).isEmpty();
        assertThat(none.versionId()).isNull();
        assertThat(tagCountHeader(before)).isEmpty();

        PutObjectTaggingResponse put = s3.putObjectTagging(b -> b.bucket(bucket).key("k")
                .tagging(tagging("zeta", "1", "alpha", "", "b c+d-e=f.g_h:i/j@k", "ünï 文")));
        assertThat(put.versionId()).isNull();
        assertThat(tags(s3.getObjectTagging(b -> b.bucket(bucket).key("k")))).containsExactly(
                entry("zeta", "1"), entry("alpha", ""), entry("b c+d-e=f.g_h:i/j@k", "ünï 文"));

        // In place: same ETag, same Last-Modified, same content; the count shows on GET and HEAD.
        HeadObjectResponse after = s3.headObject(b -> b.bucket(bucket).key("k"));
        assertThat(after.lastModified()).isEqualTo(before.lastModified());
        assertThat(after.eTag()).isEqualTo(before.eTag());
        assertThat(tagCountHeader(after)).contains("3");
        GetObjectResponse got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).response();
        assertThat(got.tagCount()).isEqualTo(3);
        assertThat(getBytes(bucket, "k")).isEqualTo("content".getBytes(StandardCharsets.UTF_8));

        s3.putObjectTagging(b -> b.bucket(bucket).key("k").tagging(tagging("only", "one")));
        assertThat(tags(s3.getObjectTagging(b -> b.bucket(bucket).key("k")))).containsExactly(entry("only", "one"));

        DeleteObjectTaggingResponse deleted = s3.deleteObjectTagging(b -> b.bucket(bucket).key("k"));
        assertThat(deleted.sdkHttpResponse().statusCode()).isEqualTo(204);
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k")).tagSet()).isEmpty();
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).response().tagCount()).isNull();
        assertThat(tagCountHeader(s3.headObject(b -> b.bucket(bucket).key("k")))).isEmpty();

        // An empty tag set removes the tags as well.
        s3.putObjectTagging(b -> b.bucket(bucket).key("k").tagging(tagging("a", "1")));
        s3.putObjectTagging(b -> b.bucket(bucket).key("k").tagging(t -> t.tagSet(List.of())));
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k")).tagSet()).isEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).hasSize(1);
    }

    @Test
    void objectTagLimitsAreS3s() {
        String bucket = createBucket("tag-limits");
        put(bucket, "k", "x");
        s3.putObjectTagging(b -> b.bucket(bucket).key("k").tagging(numbered(10)));
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k")).tagSet()).hasSize(10);
        assertThat(message(s3Error(() -> s3.putObjectTagging(b -> b.bucket(bucket).key("k").tagging(numbered(11))),
                400, "BadRequest"))).isEqualTo(NO_MORE_THAN_10);

        String key128 = "k".repeat(128);
        String value256 = "v".repeat(256);
        s3.putObjectTagging(b -> b.bucket(bucket).key("k").tagging(tagging(key128, value256)));
        assertThat(tags(s3.getObjectTagging(b -> b.bucket(bucket).key("k")))).containsExactly(entry(key128, value256));

        S3Exception longKey = invalidTag(bucket, tagging(key128 + "k", "v"));
        assertThat(message(longKey)).isEqualTo(INVALID_KEY);
        assertThat(rawError(longKey)).contains("<TagKey>" + key128 + "k</TagKey>");
        assertThat(message(invalidTag(bucket, tagging("k", value256 + "v")))).isEqualTo(INVALID_VALUE);
        assertThat(message(invalidTag(bucket, tagging("", "v")))).isEqualTo(INVALID_KEY);
        S3Exception duplicate = invalidTag(bucket, tagging("a", "1", "a", "2"));
        assertThat(message(duplicate)).isEqualTo("Cannot provide multiple Tags with the same key");
        assertThat(rawError(duplicate)).contains("<TagKey>a</TagKey>");
        for (String system : new String[]{"aws:cost", "AWS:Cost"}) {
            assertThat(message(invalidTag(bucket, tagging(system, "v"))))
                    .isEqualTo("System tags cannot be added/updated by requester");
        }
        for (String bad : new String[]{"a,b", "a;b", "a?b", "a*b", "a#b", "a%b", "a&b", "a<b>", "a\tb", "😀"}) {
            assertThat(message(invalidTag(bucket, tagging(bad, "v")))).as(bad).isEqualTo(INVALID_KEY);
            assertThat(message(invalidTag(bucket, tagging("k", bad)))).as(bad).isEqualTo(INVALID_VALUE);
        }
        // None of the refused sets replaced the last good one.
        assertThat(tags(s3.getObjectTagging(b -> b.bucket(bucket).key("k")))).containsExactly(entry(key128, value256));
    }

    @Test
    void malformedTaggingDocumentsAreMalformedXml() {
        String bucket = createBucket("tag-xml");
        put(bucket, "k", "x");
        for (String doc : new String[]{"<Tagging><TagSet>", "<Tagging></Tagging>", "<Tags><TagSet/></Tags>",
                "<Tagging><TagSet><Tag><Key>a</Key></Tag></TagSet></Tagging>", "not xml at all"}) {
            RawHttp.Response r = RawRequest.of(server.port(), "PUT", "/" + bucket + "/k").query("tagging", null)
                    .body(doc.getBytes(StandardCharsets.UTF_8)).send();
            assertError(r, 400, "MalformedXML");
        }
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k")).tagSet()).isEmpty();
    }

    @Test
    void taggingAMissingKeyOrBucketIsRefused() {
        String bucket = createBucket("tag-missing");
        s3Error(() -> s3.putObjectTagging(b -> b.bucket(bucket).key("nope").tagging(tagging("a", "1"))), 404,
                "NoSuchKey");
        s3Error(() -> s3.getObjectTagging(b -> b.bucket(bucket).key("nope")), 404, "NoSuchKey");
        s3Error(() -> s3.deleteObjectTagging(b -> b.bucket(bucket).key("nope")), 404, "NoSuchKey");
        String gone = "no-such-bucket-" + bucket;
        s3Error(() -> s3.getObjectTagging(b -> b.bucket(gone).key("k")), 404, "NoSuchBucket");
        s3Error(() -> s3.putObjectTagging(b -> b.bucket(gone).key("k").tagging(tagging("a", "1"))), 404,
                "NoSuchBucket");
        s3Error(() -> s3.deleteObjectTagging(b -> b.bucket(gone).key("k")), 404, "NoSuchBucket");
    }

    @Test
    void eachVersionKeepsItsOwnTags() {
        String bucket = versionedBucket("tag-versions");
        String v1 = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("one")).versionId();
        String v2 = s3.putObject(b -> b.bucket(bucket).key("k").tagging("latest=yes"),
                RequestBody.fromString("two")).versionId();

        PutObjectTaggingResponse put = s3.putObjectTagging(b -> b.bucket(bucket).key("k").versionId(v1)
                .tagging(tagging("old", "yes")));
        assertThat(put.versionId()).isEqualTo(v1);
        GetObjectTaggingResponse old = s3.getObjectTagging(b -> b.bucket(bucket).key("k").versionId(v1));
        assertThat(old.versionId()).isEqualTo(v1);
        assertThat(tags(old)).containsExactly(entry("old", "yes"));
        GetObjectTaggingResponse latest = s3.getObjectTagging(b -> b.bucket(bucket).key("k"));
        assertThat(latest.versionId()).isEqualTo(v2);
        assertThat(tags(latest)).containsExactly(entry("latest", "yes"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(v1)).response().tagCount())
                .isEqualTo(1);

        // No version was added, and the newest is still the newest.
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).versions())
                .extracting(software.amazon.awssdk.services.s3.model.ObjectVersion::versionId).containsExactly(v2, v1);

        DeleteObjectTaggingResponse del = s3.deleteObjectTagging(b -> b.bucket(bucket).key("k").versionId(v1));
        assertThat(del.versionId()).isEqualTo(v1);
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k").versionId(v1)).tagSet()).isEmpty();
        assertThat(tags(s3.getObjectTagging(b -> b.bucket(bucket).key("k")))).containsExactly(entry("latest", "yes"));

        String forged = v1.substring(0, v1.length() - 1) + (v1.endsWith("A") ? "B" : "A");
        s3Error(() -> s3.getObjectTagging(b -> b.bucket(bucket).key("k").versionId(forged)), 404, "NoSuchVersion");
        s3Error(() -> s3.putObjectTagging(b -> b.bucket(bucket).key("k").versionId(forged)
                .tagging(tagging("a", "1"))), 404, "NoSuchVersion");
    }

    @Test
    void deleteMarkersCannotBeTagged() {
        String bucket = versionedBucket("tag-markers");
        s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"));
        String marker = s3.deleteObject(b -> b.bucket(bucket).key("k")).versionId();

        S3Exception latest = s3Error(() -> s3.getObjectTagging(b -> b.bucket(bucket).key("k")), 404, "NoSuchKey");
        assertThat(header(latest, "x-amz-delete-marker")).contains("true");
        s3Error(() -> s3.putObjectTagging(b -> b.bucket(bucket).key("k").tagging(tagging("a", "1"))), 404,
                "NoSuchKey");
        s3Error(() -> s3.deleteObjectTagging(b -> b.bucket(bucket).key("k")), 404, "NoSuchKey");

        s3Error(() -> s3.getObjectTagging(b -> b.bucket(bucket).key("k").versionId(marker)), 405,
                "MethodNotAllowed");
        S3Exception put = s3Error(() -> rawS3.putObjectTagging(b -> b.bucket(bucket).key("k").versionId(marker)
                .tagging(tagging("a", "1"))), 405, "MethodNotAllowed");
        assertThat(rawError(put)).contains("<Method>PUT</Method>", "<ResourceType>DeleteMarker</ResourceType>");
        assertThat(header(put, "x-amz-delete-marker")).contains("true");
        s3Error(() -> s3.deleteObjectTagging(b -> b.bucket(bucket).key("k").versionId(marker)), 405,
                "MethodNotAllowed");
    }

    @Test
    void theNullVersionIsNamedWhenAskedFor() {
        String bucket = createBucket("tag-null");
        put(bucket, "k", "x");
        PutObjectTaggingResponse put = s3.putObjectTagging(b -> b.bucket(bucket).key("k").versionId("null")
                .tagging(tagging("a", "1")));
        assertThat(put.versionId()).isEqualTo("null");
        GetObjectTaggingResponse got = s3.getObjectTagging(b -> b.bucket(bucket).key("k").versionId("null"));
        assertThat(got.versionId()).isEqualTo("null");
        assertThat(tags(got)).containsExactly(entry("a", "1"));
    }

    // ---- x-amz-tagging on writes ----

    @Test
    void putObjectTakesTagsFromTheHeader() {
        String bucket = createBucket("tag-put");
        s3.putObject(b -> b.bucket(bucket).key("k").tagging("a%20b=c%2Bd&e+f=g&empty&%C3%BC=%E6%96%87"),
                RequestBody.fromString("x"));
        assertThat(tags(s3.getObjectTagging(b -> b.bucket(bucket).key("k")))).containsExactly(
                entry("a b", "c+d"), entry("e f", "g"), entry("empty", ""), entry("ü", "文"));
        assertThat(tagCountHeader(s3.headObject(b -> b.bucket(bucket).key("k")))).contains("4");
        // The SDK's own encoding of a Tagging object.
        s3.putObject(b -> b.bucket(bucket).key("sdk").tagging(tagging("x y", "1+1=2", "k", "")),
                RequestBody.fromString("x"));
        assertThat(tags(s3.getObjectTagging(b -> b.bucket(bucket).key("sdk"))))
                .containsExactly(entry("x y", "1+1=2"), entry("k", ""));
        // A large object (a data file, not inline) carries them the same way.
        s3.putObject(b -> b.bucket(bucket).key("big").tagging("size=big"), RequestBody.fromBytes(randomBytes(300_000, 1)));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("big")).response().tagCount()).isEqualTo(1);

        // Overwriting without the header leaves the new object untagged.
        put(bucket, "k", "y");
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("k")).tagSet()).isEmpty();
        assertThat(tagCountHeader(s3.headObject(b -> b.bucket(bucket).key("k")))).isEmpty();
    }

    @Test
    void aBadTaggingHeaderRefusesTheWrite() {
        String bucket = createBucket("tag-header");
        StringBuilder eleven = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            eleven.append(i == 0 ? "" : "&").append("k").append(i).append("=v");
        }
        assertThat(message(s3Error(() -> putTagged(bucket, "k", eleven.toString()), 400, "BadRequest")))
                .isEqualTo(NO_MORE_THAN_10);
        for (String bad : new String[]{"a=1&a=2", "=1", "a=%FF", "a=1=2"}) {
            S3Exception e = s3Error(() -> putTagged(bucket, "k", bad), 400, "InvalidArgument");
            assertThat(message(e)).as(bad).isEqualTo(BAD_HEADER);
            assertThat(rawError(e)).contains("<ArgumentName>x-amz-tagging</ArgumentName>");
        }
        assertThat(message(s3Error(() -> putTagged(bucket, "k", "a%2Cb=1"), 400, "InvalidTag")))
                .isEqualTo(INVALID_KEY);
        assertThat(message(s3Error(() -> putTagged(bucket, "k", "k=" + "v".repeat(257)), 400, "InvalidTag")))
                .isEqualTo(INVALID_VALUE);
        s3Error(() -> putTagged(bucket, "k", "aws%3Acost=1"), 400, "InvalidTag");
        s3Error(() -> putTagged(bucket, "k", "k" + "k".repeat(128) + "=1"), 400, "InvalidTag");
        s3Error(() -> s3.headObject(b -> b.bucket(bucket).key("k")), 404, null);
    }

    @Test
    void multipartUploadsKeepTheirTagsUntilCompletion() {
        String bucket = createBucket("tag-mpu");
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key("mp").tagging("project=cairn&tier=hot"))
                .uploadId();
        String etag = s3.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(randomBytes(1000, 2))).eTag();
        s3.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(uploadId)
                .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
        assertThat(tags(s3.getObjectTagging(b -> b.bucket(bucket).key("mp"))))
                .containsExactly(entry("project", "cairn"), entry("tier", "hot"));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("mp")).response().tagCount()).isEqualTo(2);

        s3Error(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key("bad").tagging("a=1&a=2")), 400,
                "InvalidArgument");
        s3Error(() -> s3.createMultipartUpload(b -> b.bucket(bucket).key("bad").tagging("a*=1")), 400,
                "InvalidTag");
        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
    }

    @Test
    void copyObjectCopiesOrReplacesTags() {
        String bucket = versionedBucket("tag-copy");
        String v1 = s3.putObject(b -> b.bucket(bucket).key("src").tagging("gen=1"), RequestBody.fromString("one"))
                .versionId();
        s3.putObject(b -> b.bucket(bucket).key("src").tagging("gen=2&extra=x"), RequestBody.fromString("two"));

        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("dflt"));
        assertThat(tags(s3.getObjectTagging(b -> b.bucket(bucket).key("dflt"))))
                .containsExactly(entry("gen", "2"), entry("extra", "x"));
        // COPY ignores a tagging header; it copies the named source version's tags.
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").sourceVersionId(v1).destinationBucket(bucket)
                .destinationKey("old").taggingDirective(TaggingDirective.COPY).tagging("ignored=yes"));
        assertThat(tags(s3.getObjectTagging(b -> b.bucket(bucket).key("old")))).containsExactly(entry("gen", "1"));

        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("new")
                .taggingDirective(TaggingDirective.REPLACE).tagging("fresh=1"));
        assertThat(tags(s3.getObjectTagging(b -> b.bucket(bucket).key("new")))).containsExactly(entry("fresh", "1"));
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("bare")
                .taggingDirective(TaggingDirective.REPLACE));
        assertThat(s3.getObjectTagging(b -> b.bucket(bucket).key("bare")).tagSet()).isEmpty();
        // The re-encrypting copy path carries them too.
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("sealed")
                .serverSideEncryption(ServerSideEncryption.AES256));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("sealed")).response().tagCount()).isEqualTo(2);

        S3Exception bad = s3Error(() -> rawS3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("x").taggingDirective("MERGE")), 400, "InvalidArgument");
        assertThat(message(bad)).isEqualTo("Unknown tagging directive.");
        assertThat(rawError(bad)).contains("<ArgumentName>x-amz-tagging-directive</ArgumentName>");
        s3Error(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket)
                .destinationKey("x").taggingDirective(TaggingDirective.REPLACE).tagging("a;b=1")), 400, "InvalidTag");
        s3Error(() -> s3.headObject(b -> b.bucket(bucket).key("x")), 404, null);
        // The source keeps its own tags.
        assertThat(tags(s3.getObjectTagging(b -> b.bucket(bucket).key("src"))))
                .containsExactly(entry("gen", "2"), entry("extra", "x"));
    }

    // ---- bucket tagging ----

    @Test
    void bucketTagsAreSetReadReplacedAndDeleted() {
        String bucket = createBucket("tag-bucket");
        S3Exception none = s3Error(() -> rawS3.getBucketTagging(b -> b.bucket(bucket)), 404, "NoSuchTagSet");
        assertThat(message(none)).isEqualTo("The TagSet does not exist");
        assertThat(rawError(none)).contains("<BucketName>" + bucket + "</BucketName>");

        PutBucketTaggingResponse put = s3.putBucketTagging(b -> b.bucket(bucket)
                .tagging(tagging("team", "storage", "cost-center", "42")));
        assertThat(put.sdkHttpResponse().statusCode()).isEqualTo(204);
        assertThat(bucketTags(bucket)).containsExactly(entry("team", "storage"), entry("cost-center", "42"));
        s3.putBucketTagging(b -> b.bucket(bucket).tagging(tagging("only", "")));
        assertThat(bucketTags(bucket)).containsExactly(entry("only", ""));

        assertThat(s3.deleteBucketTagging(b -> b.bucket(bucket)).sdkHttpResponse().statusCode()).isEqualTo(204);
        s3Error(() -> s3.getBucketTagging(b -> b.bucket(bucket)), 404, "NoSuchTagSet");
        // Deleting twice is fine; an empty set is no tag set.
        s3.deleteBucketTagging(b -> b.bucket(bucket));
        s3.putBucketTagging(b -> b.bucket(bucket).tagging(t -> t.tagSet(List.of())));
        s3Error(() -> s3.getBucketTagging(b -> b.bucket(bucket)), 404, "NoSuchTagSet");

        String gone = "no-such-bucket-" + bucket;
        s3Error(() -> s3.getBucketTagging(b -> b.bucket(gone)), 404, "NoSuchBucket");
        s3Error(() -> s3.putBucketTagging(b -> b.bucket(gone).tagging(tagging("a", "1"))), 404, "NoSuchBucket");
        s3Error(() -> s3.deleteBucketTagging(b -> b.bucket(gone)), 404, "NoSuchBucket");
    }

    @Test
    void bucketTagLimitsAreS3s() {
        String bucket = createBucket("tag-bucket-limits");
        s3.putBucketTagging(b -> b.bucket(bucket).tagging(numbered(50)));
        assertThat(s3.getBucketTagging(b -> b.bucket(bucket)).tagSet()).hasSize(50);
        assertThat(message(s3Error(() -> s3.putBucketTagging(b -> b.bucket(bucket).tagging(numbered(51))), 400,
                "BadRequest"))).isEqualTo("Bucket tag count cannot be greater than 50");
        assertThat(message(s3Error(() -> s3.putBucketTagging(b -> b.bucket(bucket)
                .tagging(tagging("k".repeat(129), "v"))), 400, "InvalidTag"))).isEqualTo(INVALID_KEY);
        assertThat(message(s3Error(() -> s3.putBucketTagging(b -> b.bucket(bucket)
                .tagging(tagging("k", "v".repeat(257)))), 400, "InvalidTag"))).isEqualTo(INVALID_VALUE);
        s3Error(() -> s3.putBucketTagging(b -> b.bucket(bucket).tagging(tagging("a", "1", "a", "1"))), 400,
                "InvalidTag");
        s3Error(() -> s3.putBucketTagging(b -> b.bucket(bucket).tagging(tagging("aws:x", "1"))), 400, "InvalidTag");
        s3Error(() -> s3.putBucketTagging(b -> b.bucket(bucket).tagging(tagging("a!", "1"))), 400, "InvalidTag");
        assertThat(s3.getBucketTagging(b -> b.bucket(bucket)).tagSet()).hasSize(50);

        byte[] malformed = "<Tagging><Tag/></Tagging>".getBytes(StandardCharsets.UTF_8);
        assertError(RawRequest.of(server.port(), "PUT", "/" + bucket).query("tagging", null)
                .header("Content-MD5", md5Base64(malformed)).body(malformed).send(), 400, "MalformedXML");
        // S3 requires an integrity check of the body of PutBucketTagging.
        byte[] good = "<Tagging><TagSet/></Tagging>".getBytes(StandardCharsets.UTF_8);
        assertError(RawRequest.of(server.port(), "PUT", "/" + bucket).query("tagging", null).body(good).send(),
                400, "InvalidRequest");
        assertThat(s3.getBucketTagging(b -> b.bucket(bucket)).tagSet()).hasSize(50);
    }

    // ---- durability ----

    @Test
    void tagsSurviveARestart() throws Exception {
        String uploadId;
        String v1;
        try (CairnServer first = startIn(restartDir); S3Client c = clientOf(first)) {
            c.createBucket(b -> b.bucket("durable"));
            c.putBucketVersioning(b -> b.bucket("durable").versioningConfiguration(v -> v
                    .status(BucketVersioningStatus.ENABLED)));
            c.putBucketTagging(b -> b.bucket("durable").tagging(tagging("owner", "ops")));
            v1 = c.putObject(b -> b.bucket("durable").key("k").tagging("v=1"), RequestBody.fromString("one"))
                    .versionId();
            c.putObject(b -> b.bucket("durable").key("k"), RequestBody.fromString("two"));
            c.putObjectTagging(b -> b.bucket("durable").key("k").tagging(tagging("v", "2")));
            uploadId = c.createMultipartUpload(b -> b.bucket("durable").key("mp").tagging("pending=yes")).uploadId();
        }
        try (CairnServer second = startIn(restartDir); S3Client c = clientOf(second)) {
            assertThat(c.getBucketTagging(b -> b.bucket("durable")).tagSet())
                    .extracting(Tag::key, Tag::value).containsExactly(tuple("owner", "ops"));
            assertThat(c.getObjectTagging(b -> b.bucket("durable").key("k").versionId(v1)).tagSet())
                    .extracting(Tag::key, Tag::value).containsExactly(tuple("v", "1"));
            assertThat(c.getObjectTagging(b -> b.bucket("durable").key("k")).tagSet())
                    .extracting(Tag::key, Tag::value).containsExactly(tuple("v", "2"));
            String etag = c.uploadPart(b -> b.bucket("durable").key("mp").uploadId(uploadId).partNumber(1),
                    RequestBody.fromString("part")).eTag();
            c.completeMultipartUpload(b -> b.bucket("durable").key("mp").uploadId(uploadId)
                    .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
            assertThat(c.getObjectTagging(b -> b.bucket("durable").key("mp")).tagSet())
                    .extracting(Tag::key, Tag::value)
                    .containsExactly(tuple("pending", "yes"));
        }
    }

    // ---- helpers ----

    /** A tag set from key, value, key, value, ... in that order. */
    private static Tagging tagging(String... keyValues) {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            tags.add(Tag.builder().key(keyValues[i]).value(keyValues[i + 1]).build());
        }
        return Tagging.builder().tagSet(tags).build();
    }

    /** {@code n} tags k0=v0 .. */
    private static Tagging numbered(int n) {
        String[] kv = new String[2 * n];
        for (int i = 0; i < n; i++) {
            kv[2 * i] = "k" + i;
            kv[2 * i + 1] = "v" + i;
        }
        return tagging(kv);
    }

    private static Map<String, String> tags(GetObjectTaggingResponse r) {
        Map<String, String> m = new LinkedHashMap<>();
        r.tagSet().forEach(t -> m.put(t.key(), t.value()));
        return m;
    }

    private static Map<String, String> bucketTags(String bucket) {
        Map<String, String> m = new LinkedHashMap<>();
        s3.getBucketTagging(b -> b.bucket(bucket)).tagSet().forEach(t -> m.put(t.key(), t.value()));
        return m;
    }

    private static S3Exception invalidTag(String bucket, Tagging tagging) {
        return s3Error(() -> rawS3.putObjectTagging(b -> b.bucket(bucket).key("k").tagging(tagging)), 400,
                "InvalidTag");
    }

    private static void putTagged(String bucket, String key, String header) {
        rawS3.putObject(b -> b.bucket(bucket).key(key).tagging(header), RequestBody.fromString("x"));
    }

    private static String versionedBucket(String hint) {
        String bucket = createBucket(hint);
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v
                .status(BucketVersioningStatus.ENABLED)));
        return bucket;
    }

    private static Optional<String> tagCountHeader(HeadObjectResponse r) {
        return r.sdkHttpResponse().firstMatchingHeader("x-amz-tagging-count");
    }

    private static Optional<String> header(S3Exception e, String name) {
        return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader(name);
    }

    private static String message(S3Exception e) {
        return e.awsErrorDetails().errorMessage();
    }

    /** The error document behind {@code e}, which came from {@link #rawS3}'s last call. */
    private static String rawError(S3Exception e) {
        assertThat(e.awsErrorDetails().sdkHttpResponse().statusCode()).isGreaterThanOrEqualTo(400);
        return raw.last();
    }

    private static CairnServer startIn(Path dir) throws Exception {
        return CairnServer.start(ServerConfig.defaults(dir).withAddress(new InetSocketAddress("127.0.0.1", 0)),
                Map.of("CAIRN_ROOT_USER", CairnTestServer.ACCESS_KEY,
                        "CAIRN_ROOT_PASSWORD", CairnTestServer.SECRET_KEY));
    }

    private static S3Client clientOf(CairnServer s) {
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + s.port()))
                .region(Region.US_EAST_1).credentialsProvider(CairnTestServer.credentials()).forcePathStyle(true)
                .build();
    }
}
