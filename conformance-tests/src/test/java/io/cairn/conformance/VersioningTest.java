package io.cairn.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Versioned buckets through the AWS SDK v2: bucket versioning states, version ids on every write, reads, copies
 * and deletes by version id, delete markers and S3's answers for them, suspended buckets, ListObjectVersions with
 * every parameter, ListObjectsV2 hiding deleted keys, DeleteBucket and DeleteObjects with versions, and
 * concurrent overwrites of one key.
 */
class VersioningTest extends ConformanceTestBase {
    private static final String NULL = "null";

    private static RawXml raw;
    /** Same server, with the raw XML of each response kept. */
    private static S3Client rawClient;

    @BeforeAll
    static void startRawClient() {
        raw = new RawXml();
        rawClient = server.client(b -> b.overrideConfiguration(o -> o.addExecutionInterceptor(raw)));
    }

    @AfterAll
    static void stopRawClient() {
        if (rawClient != null) {
            rawClient.close();
        }
    }

    // ---- bucket versioning configuration ----

    @Test
    void bucketVersioningConfigurationGoesFromNeverToEnabledToSuspended() {
        String bucket = bucket("config");
        GetBucketVersioningResponse never = rawClient.getBucketVersioning(b -> b.bucket(bucket));
        assertThat(never.status()).isNull();
        assertThat(never.mfaDelete()).isNull();
        assertThat(raw.last()).contains("VersioningConfiguration").doesNotContain("<Status>");

        setVersioning(bucket, BucketVersioningStatus.ENABLED);
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.ENABLED);

        setVersioning(bucket, BucketVersioningStatus.SUSPENDED);
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status())
                .isEqualTo(BucketVersioningStatus.SUSPENDED);

        setVersioning(bucket, BucketVersioningStatus.ENABLED);
        assertThat(s3.getBucketVersioning(b -> b.bucket(bucket)).status()).isEqualTo(BucketVersioningStatus.ENABLED);

        s3Error(() -> s3.getBucketVersioning(b -> b.bucket("no-such-bucket-" + bucket)), 404,
                "NoSuchBucket");
    }

    @Test
    void unversionedBucketWritesCarryNoVersionIdAndAcceptVersionIdNull() {
        String bucket = bucket("plain");
        PutObjectResponse put = putVersion(bucket, "k", "one");
        assertThat(put.versionId()).isNull();
        putVersion(bucket, "k", "two");
        assertThat(get(bucket, "k", NULL)).isEqualTo("two");
        assertThat(versions(bucket, r -> r)).extracting(ObjectVersion::versionId).containsExactly(NULL);
        DeleteObjectResponse del = s3.deleteObject(b -> b.bucket(bucket).key("k"));
        assertThat(del.deleteMarker()).isNull();
        assertThat(del.versionId()).isNull();
        assertThat(allEntries(bucket, r -> r)).isEmpty();
    }

    // ---- writes and reads by version id ----

    @Test
    void everyPutGetsADistinctTimeOrderedVersionIdAndEveryVersionStaysReadable() {
        String bucket = versionedBucket("puts");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // alternate inline-sized and file-sized bodies
            String body = body(i, i % 2 == 0 ? 100 : 200 * 1024);
            PutObjectResponse r = putVersion(bucket, "key", body);
            assertThat(r.versionId()).isNotNull().isNotEqualTo(NULL);
            ids.add(r.versionId());
        }
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i)).as("ids sort like their time").isGreaterThan(ids.get(i - 1));
        }
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            int size = i % 2 == 0 ? 100 : 200 * 1024;
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("key").versionId(id));
            assertThat(got.asUtf8String()).isEqualTo(body(i, size));
            assertThat(got.response().versionId()).isEqualTo(id);
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("key").versionId(id));
            assertThat(head.versionId()).isEqualTo(id);
            assertThat(head.contentLength()).isEqualTo(size);
        }
        ResponseBytes<GetObjectResponse> latest = s3.getObjectAsBytes(b -> b.bucket(bucket).key("key"));
        assertThat(latest.asUtf8String()).isEqualTo(body(5, 200 * 1024));
        assertThat(latest.response().versionId()).isEqualTo(ids.get(5));
        assertThat(s3.headObject(b -> b.bucket(bucket).key("key")).versionId()).isEqualTo(ids.get(5));

        List<ObjectVersion> listed = versions(bucket, r -> r);
        assertThat(listed).extracting(ObjectVersion::versionId).containsExactlyElementsOf(reversed(ids));
        assertThat(listed).extracting(ObjectVersion::isLatest).containsExactly(true, false, false, false, false, false);
    }

    @Test
    void copyObjectReadsTheSourceVersionNamedByIdAndCreatesANewVersion() {
        String bucket = versionedBucket("copy");
        String v1 = putVersion(bucket, "src", "first version").versionId();
        String v2 = putVersion(bucket, "src", body(7, 300 * 1024)).versionId();
        String d1 = putVersion(bucket, "dst", "old destination").versionId();

        CopyObjectResponse copy = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").sourceVersionId(v1)
                .destinationBucket(bucket).destinationKey("dst"));
        assertThat(copy.copySourceVersionId()).isEqualTo(v1);
        assertThat(copy.versionId()).isNotNull().isNotIn(NULL, v1, v2, d1);
        assertThat(get(bucket, "dst", null)).isEqualTo("first version");
        assertThat(get(bucket, "dst", d1)).isEqualTo("old destination");

        CopyObjectResponse big = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").sourceVersionId(v2)
                .destinationBucket(bucket).destinationKey("dst2"));
        assertThat(big.copySourceVersionId()).isEqualTo(v2);
        assertThat(get(bucket, "dst2", big.versionId())).isEqualTo(body(7, 300 * 1024));

        // without a source version id the latest is copied
        CopyObjectResponse latest = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("dst3"));
        assertThat(get(bucket, "dst3", latest.versionId())).isEqualTo(body(7, 300 * 1024));

        String marker = s3.deleteObject(b -> b.bucket(bucket).key("src")).versionId();
        s3Error(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
                .destinationBucket(bucket).destinationKey("dst4")), 404, "NoSuchKey");
        s3Error(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").sourceVersionId(marker)
                .destinationBucket(bucket).destinationKey("dst4")), 400, "InvalidRequest");
        // an older version is still a valid source behind the marker
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").sourceVersionId(v1)
                .destinationBucket(bucket).destinationKey("dst4"));
        assertThat(get(bucket, "dst4", null)).isEqualTo("first version");
    }

    // ---- delete markers ----

    @Test
    void deleteWithoutVersionIdWritesAMarkerThatHidesTheKeyAndDeletingTheMarkerUndeletes() {
        String bucket = versionedBucket("marker");
        String v1 = putVersion(bucket, "k", "content").versionId();
        putVersion(bucket, "other", "x");

        DeleteObjectResponse del = s3.deleteObject(b -> b.bucket(bucket).key("k"));
        assertThat(del.deleteMarker()).isTrue();
        String marker = del.versionId();
        assertThat(marker).isNotNull().isNotIn(NULL, v1);

        S3Exception get = s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")), 404,
                "NoSuchKey");
        assertThat(get).isInstanceOf(NoSuchKeyException.class);
        assertThat(header(get, "x-amz-delete-marker")).hasValue("true");
        assertThat(header(get, "x-amz-version-id")).hasValue(marker);
        S3Exception head = s3Error(() -> s3.headObject(b -> b.bucket(bucket).key("k")), 404, null);
        assertThat(header(head, "x-amz-delete-marker")).hasValue("true");

        S3Exception byId = s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")
                .versionId(marker)), 405, "MethodNotAllowed");
        assertThat(header(byId, "x-amz-delete-marker")).hasValue("true");
        assertThat(header(byId, "x-amz-version-id")).hasValue(marker);
        S3Exception headById = s3Error(() -> s3.headObject(b -> b.bucket(bucket).key("k").versionId(marker)),
                405, null);
        assertThat(header(headById, "x-amz-delete-marker")).hasValue("true");

        // the old version is still there, by id
        assertThat(get(bucket, "k", v1)).isEqualTo("content");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
                .containsExactly("other");
        ListObjectVersionsResponse listed = s3.listObjectVersions(b -> b.bucket(bucket).prefix("k"));
        assertThat(listed.deleteMarkers()).singleElement().satisfies(m -> {
            assertThat(m.key()).isEqualTo("k");
            assertThat(m.versionId()).isEqualTo(marker);
            assertThat(m.isLatest()).isTrue();
            assertThat(m.lastModified()).isNotNull();
            assertThat(m.owner().id()).isEqualTo(CairnTestServer.ACCESS_KEY);
        });
        assertThat(listed.versions()).singleElement().satisfies(v -> {
            assertThat(v.versionId()).isEqualTo(v1);
            assertThat(v.isLatest()).isFalse();
        });

        // a second delete stacks a second marker
        DeleteObjectResponse again = s3.deleteObject(b -> b.bucket(bucket).key("k"));
        assertThat(again.deleteMarker()).isTrue();
        assertThat(again.versionId()).isNotIn(marker, v1);
        DeleteObjectResponse undo2 = s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(again.versionId()));
        assertThat(undo2.deleteMarker()).isTrue();
        assertThat(undo2.versionId()).isEqualTo(again.versionId());
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")), 404, "NoSuchKey");

        // removing the marker by id "undeletes"
        DeleteObjectResponse undo = s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(marker));
        assertThat(undo.deleteMarker()).isTrue();
        assertThat(undo.versionId()).isEqualTo(marker);
        ResponseBytes<GetObjectResponse> back = s3.getObjectAsBytes(b -> b.bucket(bucket).key("k"));
        assertThat(back.asUtf8String()).isEqualTo("content");
        assertThat(back.response().versionId()).isEqualTo(v1);
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
                .containsExactly("k", "other");
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix("k")).deleteMarkers()).isEmpty();
    }

    @Test
    void deletingAVersionByIdRemovesItForGood() {
        String bucket = versionedBucket("byid");
        String v1 = putVersion(bucket, "k", "one").versionId();
        String v2 = putVersion(bucket, "k", body(2, 200 * 1024)).versionId();

        DeleteObjectResponse del = s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(v2));
        assertThat(del.versionId()).isEqualTo(v2);
        assertThat(del.deleteMarker()).isNull();
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(v2)), 404,
                "NoSuchVersion");
        s3Error(() -> s3.headObject(b -> b.bucket(bucket).key("k").versionId(v2)), 404, null);
        ResponseBytes<GetObjectResponse> latest = s3.getObjectAsBytes(b -> b.bucket(bucket).key("k"));
        assertThat(latest.asUtf8String()).isEqualTo("one");
        assertThat(latest.response().versionId()).isEqualTo(v1);
        List<ObjectVersion> listed = versions(bucket, r -> r);
        assertThat(listed).extracting(ObjectVersion::versionId).containsExactly(v1);
        assertThat(listed.get(0).isLatest()).isTrue();

        s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(v1));
        S3Exception gone = s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")), 404,
                "NoSuchKey");
        assertThat(header(gone, "x-amz-delete-marker")).isEmpty();
        assertThat(allEntries(bucket, r -> r)).isEmpty();
        // deleting a version that no longer exists succeeds, as in S3
        DeleteObjectResponse again = s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(v1));
        assertThat(again.versionId()).isEqualTo(v1);
    }

    @Test
    void unknownVersionIdsAreNoSuchVersion() {
        String bucket = versionedBucket("unknown");
        String v1 = putVersion(bucket, "k", "one").versionId();
        // same shape as a real id, different random part
        String forged = v1.substring(0, v1.length() - 1) + (v1.endsWith("A") ? "B" : "A");
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(forged)), 404,
                "NoSuchVersion");
        s3Error(() -> s3.headObject(b -> b.bucket(bucket).key("k").versionId(forged)), 404, null);
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("nokey").versionId(v1)), 404,
                "NoSuchVersion");
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(NULL)), 404,
                "NoSuchVersion");
        S3Exception garbage = catchS3(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")
                .versionId("not-a-version-id")));
        // S3 answers 400 InvalidArgument for a malformed id; NoSuchVersion is also acceptable
        assertThat(garbage.awsErrorDetails().errorCode()).isIn("NoSuchVersion", "InvalidArgument");
        s3Error(() -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("k").sourceVersionId(forged)
                .destinationBucket(bucket).destinationKey("c")), 404, "NoSuchVersion");
        // deleting an unknown version is a success that changes nothing
        s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(forged));
        assertThat(get(bucket, "k", null)).isEqualTo("one");
        s3Error(() -> s3.listObjectVersions(b -> b.bucket(bucket).keyMarker("k")
                .versionIdMarker("not-a-version-id")), 400, "InvalidArgument");
        s3Error(() -> s3.listObjectVersions(b -> b.bucket(bucket).versionIdMarker(v1)), 400,
                "InvalidArgument");
    }

    // ---- suspended buckets ----

    @Test
    void suspendedBucketWritesNullVersionsThatReplaceEachOtherAndKeepOlderVersions() {
        String bucket = bucket("suspended");
        PutObjectResponse pre = putVersion(bucket, "k", "before versioning");
        assertThat(pre.versionId()).isNull();
        setVersioning(bucket, BucketVersioningStatus.ENABLED);
        String v1 = putVersion(bucket, "k", "enabled one").versionId();
        String v2 = putVersion(bucket, "k", "enabled two").versionId();
        // the pre-versioning object is the "null" version, kept
        assertThat(versions(bucket, r -> r)).extracting(ObjectVersion::versionId).containsExactly(v2, v1, NULL);
        assertThat(get(bucket, "k", NULL)).isEqualTo("before versioning");

        setVersioning(bucket, BucketVersioningStatus.SUSPENDED);
        PutObjectResponse s1 = putVersion(bucket, "k", "suspended one");
        assertThat(s1.versionId()).isEqualTo(NULL);
        assertThat(versions(bucket, r -> r)).extracting(ObjectVersion::versionId).containsExactly(NULL, v2, v1);
        PutObjectResponse s2 = putVersion(bucket, "k", body(3, 200 * 1024));
        assertThat(s2.versionId()).isEqualTo(NULL);
        List<ObjectVersion> listed = versions(bucket, r -> r);
        assertThat(listed).extracting(ObjectVersion::versionId).containsExactly(NULL, v2, v1);
        assertThat(listed.get(0).isLatest()).isTrue();
        assertThat(listed.get(0).size()).isEqualTo(200 * 1024);
        ResponseBytes<GetObjectResponse> latest = s3.getObjectAsBytes(b -> b.bucket(bucket).key("k"));
        assertThat(latest.asUtf8String()).isEqualTo(body(3, 200 * 1024));
        // GET of the latest when it is the "null" version: Cairn (like MinIO) sends no x-amz-version-id; AWS
        // may send "null". Asked for by id, it is named.
        assertThat(latest.response().versionId()).isIn(null, NULL);
        assertThat(get(bucket, "k", NULL)).isEqualTo(body(3, 200 * 1024));
        assertThat(s3.headObject(b -> b.bucket(bucket).key("k").versionId(NULL)).versionId()).isEqualTo(NULL);
        assertThat(get(bucket, "k", v1)).isEqualTo("enabled one");

        // a delete writes a "null" marker, replacing the "null" version
        DeleteObjectResponse del = s3.deleteObject(b -> b.bucket(bucket).key("k"));
        assertThat(del.deleteMarker()).isTrue();
        assertThat(del.versionId()).isEqualTo(NULL);
        ListObjectVersionsResponse afterDelete = s3.listObjectVersions(b -> b.bucket(bucket));
        assertThat(afterDelete.deleteMarkers()).extracting(DeleteMarkerEntry::versionId).containsExactly(NULL);
        assertThat(afterDelete.versions()).extracting(ObjectVersion::versionId).containsExactly(v2, v1);
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")), 404, "NoSuchKey");
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").versionId(NULL)), 405,
                "MethodNotAllowed");

        // deleting the null marker by id brings back v2
        s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(NULL));
        assertThat(get(bucket, "k", null)).isEqualTo("enabled two");

        // re-enabled: new ids again, the null version (if any) stays
        putVersion(bucket, "k", "suspended again");
        setVersioning(bucket, BucketVersioningStatus.ENABLED);
        String v3 = putVersion(bucket, "k", "enabled three").versionId();
        assertThat(v3).isNotEqualTo(NULL);
        assertThat(versions(bucket, r -> r)).extracting(ObjectVersion::versionId)
                .containsExactly(v3, NULL, v2, v1);
        // paging through a "null" version that sits between real ids (its place is its time, not its id)
        List<String> paged = new ArrayList<>();
        String km = null;
        String vm = null;
        for (int guard = 0; guard < 10; guard++) {
            String k = km;
            String v = vm;
            ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket(bucket).maxKeys(1).keyMarker(k)
                    .versionIdMarker(v));
            page.versions().forEach(x -> paged.add(x.versionId()));
            if (!page.isTruncated()) {
                break;
            }
            km = page.nextKeyMarker();
            vm = page.nextVersionIdMarker();
        }
        assertThat(paged).containsExactly(v3, NULL, v2, v1);
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket).keyMarker("k").versionIdMarker(NULL)).versions())
                .extracting(ObjectVersion::versionId).containsExactly(v2, v1);
    }

    // ---- ListObjectVersions ----

    @Test
    void listObjectVersionsOrdersKeysAscendingNewestFirstAndPagesEachEntryExactlyOnce() {
        String bucket = versionedBucket("listing");
        List<Entry> expected = populateForListing(bucket);

        // one page: Version and DeleteMarker entries interleaved in S3's order (checked on the raw XML)
        ListObjectVersionsResponse all = rawClient.listObjectVersions(b -> b.bucket(bucket));
        assertThat(all.isTruncated()).isFalse();
        assertThat(all.nextKeyMarker()).isNull();
        assertThat(all.nextVersionIdMarker()).isNull();
        assertThat(entriesInXmlOrder(raw.last())).containsExactlyElementsOf(expected);
        assertThat(merged(all)).containsExactlyElementsOf(expected);
        assertIsLatestOnFirstEntryOfEachKey(all);

        // paging with every page size: each entry exactly once, in order
        for (int max : new int[]{1, 2, 3, 5}) {
            List<Entry> seen = new ArrayList<>();
            String keyMarker = null;
            String versionIdMarker = null;
            int pages = 0;
            while (true) {
                String km = keyMarker;
                String vm = versionIdMarker;
                ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket(bucket).maxKeys(max)
                        .keyMarker(km).versionIdMarker(vm));
                pages++;
                List<Entry> got = merged(page);
                assertThat(got.size()).as("page size").isLessThanOrEqualTo(max);
                assertThat(page.maxKeys()).isEqualTo(max);
                seen.addAll(got);
                if (!page.isTruncated()) {
                    assertThat(page.nextKeyMarker()).isNull();
                    break;
                }
                Entry last = got.get(got.size() - 1);
                assertThat(page.nextKeyMarker()).isEqualTo(last.key());
                assertThat(page.nextVersionIdMarker()).isEqualTo(last.versionId());
                keyMarker = page.nextKeyMarker();
                versionIdMarker = page.nextVersionIdMarker();
                assertThat(pages).isLessThan(100);
            }
            assertThat(seen).as("max-keys " + max).containsExactlyElementsOf(expected);
        }

        // the SDK paginator agrees
        List<Entry> paginated = new ArrayList<>();
        s3.listObjectVersionsPaginator(b -> b.bucket(bucket).maxKeys(2)).forEach(p -> paginated.addAll(merged(p)));
        assertThat(paginated).containsExactlyElementsOf(expected);

        // key-marker alone: strictly after that key (all its versions skipped)
        ListObjectVersionsResponse afterA = s3.listObjectVersions(b -> b.bucket(bucket).keyMarker("a"));
        assertThat(merged(afterA)).containsExactlyElementsOf(
                expected.stream().filter(e -> e.key().compareTo("a") > 0).toList());
        assertThat(afterA.keyMarker()).isEqualTo("a");

        // key-marker + version-id-marker: the versions of that key older than the marker, then later keys
        Entry secondOfA = expected.get(1);
        ListObjectVersionsResponse fromMiddle = s3.listObjectVersions(b -> b.bucket(bucket).keyMarker("a")
                .versionIdMarker(secondOfA.versionId()));
        assertThat(merged(fromMiddle)).containsExactlyElementsOf(expected.subList(2, expected.size()));
        assertThat(fromMiddle.versionIdMarker()).isEqualTo(secondOfA.versionId());

        // prefix
        ListObjectVersionsResponse dir = s3.listObjectVersions(b -> b.bucket(bucket).prefix("dir/"));
        assertThat(dir.prefix()).isEqualTo("dir/");
        assertThat(merged(dir)).containsExactlyElementsOf(
                expected.stream().filter(e -> e.key().startsWith("dir/")).toList());
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket).prefix("zzz")).versions()).isEmpty();

        // delimiter: common prefixes roll up all their versions
        ListObjectVersionsResponse top = s3.listObjectVersions(b -> b.bucket(bucket).delimiter("/"));
        assertThat(top.delimiter()).isEqualTo("/");
        assertThat(top.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("dir/");
        assertThat(merged(top)).containsExactlyElementsOf(
                expected.stream().filter(e -> !e.key().contains("/")).toList());
        ListObjectVersionsResponse inDir = s3.listObjectVersions(b -> b.bucket(bucket).prefix("dir/")
                .delimiter("/"));
        assertThat(inDir.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("dir/sub/");
        assertThat(merged(inDir)).containsExactlyElementsOf(expected.stream()
                .filter(e -> e.key().startsWith("dir/") && e.key().indexOf('/', 4) < 0).toList());

        // delimiter + paging by one: entries and prefixes each exactly once
        List<String> items = new ArrayList<>();
        String km = null;
        String vm = null;
        for (int guard = 0; guard < 100; guard++) {
            String k = km;
            String v = vm;
            ListObjectVersionsResponse page = s3.listObjectVersions(b -> b.bucket(bucket).delimiter("/").maxKeys(1)
                    .keyMarker(k).versionIdMarker(v));
            merged(page).forEach(e -> items.add(e.key() + "@" + e.versionId()));
            page.commonPrefixes().forEach(p -> items.add(p.prefix()));
            assertThat(merged(page).size() + page.commonPrefixes().size()).isLessThanOrEqualTo(1);
            if (!page.isTruncated()) {
                break;
            }
            km = page.nextKeyMarker();
            vm = page.nextVersionIdMarker();
        }
        List<String> expectedItems = new ArrayList<>();
        for (Entry e : expected) {
            if (!e.key().contains("/")) {
                expectedItems.add(e.key() + "@" + e.versionId());
            } else if (!expectedItems.contains("dir/")) {
                expectedItems.add("dir/");
            }
        }
        assertThat(items).containsExactlyElementsOf(expectedItems);
    }

    @Test
    void listObjectVersionsUrlEncodingEncodesKeysAndPrefixes() {
        String bucket = versionedBucket("encoding");
        String odd = "sp ace/plus+amp&ü\u0001";
        String v1 = putVersion(bucket, odd, "x").versionId();
        String marker = s3.deleteObject(b -> b.bucket(bucket).key(odd)).versionId();

        ListObjectVersionsResponse r = rawClient.listObjectVersions(b -> b.bucket(bucket)
                .encodingType(EncodingType.URL));
        String xml = raw.last();
        assertThat(xml).contains("<EncodingType>url</EncodingType>")
                .contains("sp%20ace/plus%2Bamp%26%C3%BC%01")
                .doesNotContain("plus+amp");
        // the SDK decodes what it asked to be encoded
        assertThat(r.versions()).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo(odd);
            assertThat(v.versionId()).isEqualTo(v1);
        });
        assertThat(r.deleteMarkers()).singleElement().satisfies(m -> assertThat(m.key()).isEqualTo(odd));
        assertThat(r.deleteMarkers().get(0).versionId()).isEqualTo(marker);

        ListObjectVersionsResponse prefixed = rawClient.listObjectVersions(b -> b.bucket(bucket)
                .prefix("sp ace/").delimiter("+").encodingType(EncodingType.URL));
        assertThat(raw.last()).contains("<Prefix>sp%20ace/</Prefix>")
                .contains("<Prefix>sp%20ace/plus%2B</Prefix>");
        assertThat(prefixed.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("sp ace/plus+");

        // a marker key that needs encoding, paged
        ListObjectVersionsResponse page = rawClient.listObjectVersions(b -> b.bucket(bucket).maxKeys(1)
                .encodingType(EncodingType.URL));
        assertThat(raw.last()).contains("<NextKeyMarker>sp%20ace/plus%2Bamp%26%C3%BC%01</NextKeyMarker>");
        assertThat(page.nextKeyMarker()).isEqualTo(odd);
        ListObjectVersionsResponse next = s3.listObjectVersions(b -> b.bucket(bucket).maxKeys(1)
                .encodingType(EncodingType.URL).keyMarker(page.nextKeyMarker())
                .versionIdMarker(page.nextVersionIdMarker()));
        assertThat(next.versions()).extracting(ObjectVersion::versionId).containsExactly(v1);
        assertThat(next.isTruncated()).isFalse();
    }

    @Test
    void listObjectsHidesKeysWhoseLatestVersionIsADeleteMarker() {
        String bucket = versionedBucket("hide");
        putVersion(bucket, "a", "a1");
        putVersion(bucket, "b", "b1");
        putVersion(bucket, "b", "b2");
        s3.deleteObject(b -> b.bucket(bucket).key("b"));
        putVersion(bucket, "c", "c1");
        s3.deleteObject(b -> b.bucket(bucket).key("c"));
        putVersion(bucket, "c", "c2");
        putVersion(bucket, "d/x", "dx");
        s3.deleteObject(b -> b.bucket(bucket).key("d/x"));
        putVersion(bucket, "e", "e1");
        for (int i = 0; i < 5; i++) {
            putVersion(bucket, "f", "f" + i);
        }
        s3.deleteObject(b -> b.bucket(bucket).key("f"));

        List<S3Object> listed = s3.listObjectsV2(b -> b.bucket(bucket)).contents();
        assertThat(listed).extracting(S3Object::key).containsExactly("a", "c", "e");
        assertThat(listed.get(1).size()).isEqualTo(2);
        assertThat(listed.get(1).eTag()).isEqualTo("\"" + md5Hex("c2".getBytes(StandardCharsets.UTF_8))
                + "\"");
        // a prefix whose only key is deleted is not a common prefix
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/")).commonPrefixes()).isEmpty();
        // paging by one sees the same keys
        List<String> paged = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).maxKeys(1)).contents().forEach(o -> paged.add(o.key()));
        assertThat(paged).containsExactly("a", "c", "e");
        assertThat(s3.listObjects(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
                .containsExactly("a", "c", "e");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).startAfter("a")).contents()).extracting(S3Object::key)
                .containsExactly("c", "e");
    }

    // ---- DeleteBucket, DeleteObjects ----

    @Test
    void deleteBucketRefusesWhileAnyVersionOrMarkerRemains() {
        String bucket = versionedBucket("delbucket");
        String v1 = putVersion(bucket, "k", "x").versionId();
        String marker = s3.deleteObject(b -> b.bucket(bucket).key("k")).versionId();
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).isEmpty();
        s3Error(() -> s3.deleteBucket(b -> b.bucket(bucket)), 409, "BucketNotEmpty");
        s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(v1));
        // only a delete marker left: still not empty
        s3Error(() -> s3.deleteBucket(b -> b.bucket(bucket)), 409, "BucketNotEmpty");
        s3.deleteObject(b -> b.bucket(bucket).key("k").versionId(marker));
        s3.deleteBucket(b -> b.bucket(bucket));
        s3Error(() -> s3.headBucket(b -> b.bucket(bucket)), 404, null);

        // suspended, with only a null version
        String suspended = bucket("delsusp");
        setVersioning(suspended, BucketVersioningStatus.SUSPENDED);
        putVersion(suspended, "k", "x");
        s3Error(() -> s3.deleteBucket(b -> b.bucket(suspended)), 409, "BucketNotEmpty");
        s3.deleteObject(b -> b.bucket(suspended).key("k").versionId(NULL));
        s3.deleteBucket(b -> b.bucket(suspended));
    }

    @Test
    void deleteObjectsTakesVersionIdsAndReportsMarkers() {
        String bucket = versionedBucket("multidel");
        String a1 = putVersion(bucket, "a", "a1").versionId();
        String a2 = putVersion(bucket, "a", "a2").versionId();
        String b1 = putVersion(bucket, "b", "b1").versionId();
        String c1 = putVersion(bucket, "c", "c1").versionId();
        String forged = c1.substring(0, c1.length() - 1) + (c1.endsWith("A") ? "B" : "A");

        DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                ObjectIdentifier.builder().key("a").versionId(a1).build(),
                ObjectIdentifier.builder().key("b").build(),
                ObjectIdentifier.builder().key("c").versionId(forged).build())));
        assertThat(r.errors()).isEmpty();
        Map<String, DeletedObject> byKey = new HashMap<>();
        r.deleted().forEach(d -> byKey.put(d.key(), d));
        assertThat(byKey).containsOnlyKeys("a", "b", "c");
        assertThat(byKey.get("a").versionId()).isEqualTo(a1);
        assertThat(byKey.get("a").deleteMarker()).isNotEqualTo(Boolean.TRUE);
        assertThat(byKey.get("b").versionId()).isNull();
        assertThat(byKey.get("b").deleteMarker()).isTrue();
        String bMarker = byKey.get("b").deleteMarkerVersionId();
        assertThat(bMarker).isNotNull().isNotIn(b1, NULL);
        assertThat(byKey.get("c").versionId()).isEqualTo(forged);

        assertThat(versions(bucket, q -> q.prefix("a"))).extracting(ObjectVersion::versionId).containsExactly(a2);
        S3Exception hidden = s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("b")), 404,
                "NoSuchKey");
        assertThat(header(hidden, "x-amz-delete-marker")).hasValue("true");
        assertThat(get(bucket, "c", null)).isEqualTo("c1");

        // deleting the marker by id through DeleteObjects
        DeleteObjectsResponse undo = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
                ObjectIdentifier.builder().key("b").versionId(bMarker).build(),
                ObjectIdentifier.builder().key("a").versionId(a2).build())));
        Map<String, DeletedObject> undone = new HashMap<>();
        undo.deleted().forEach(d -> undone.put(d.key(), d));
        assertThat(undone.get("b").versionId()).isEqualTo(bMarker);
        assertThat(undone.get("b").deleteMarker()).isTrue();
        assertThat(undone.get("b").deleteMarkerVersionId()).isEqualTo(bMarker);
        assertThat(undone.get("a").versionId()).isEqualTo(a2);
        assertThat(get(bucket, "b", null)).isEqualTo("b1");
        s3Error(() -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("a")), 404, "NoSuchKey");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
                .containsExactly("b", "c");

        // quiet mode reports nothing on success
        DeleteObjectsResponse quiet = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.quiet(true).objects(
                ObjectIdentifier.builder().key("c").versionId(c1).build())));
        assertThat(quiet.deleted()).isEmpty();
        assertThat(quiet.errors()).isEmpty();
        assertThat(versions(bucket, q -> q.prefix("c"))).isEmpty();
    }

    // ---- concurrency ----

    @Test
    void sixteenClientsOverwritingOneKeyLeaveExactlyTheirVersionsInAConsistentOrder() throws Exception {
        String bucket = versionedBucket("race");
        int threads = 16;
        int rounds = 8;
        record Put(String versionId, String body, long sent, long acked) {
        }
        Map<String, Put> puts = new ConcurrentHashMap<>();
        AtomicInteger failures = new AtomicInteger();
        CyclicBarrier barrier = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<S3Client> clients = new ArrayList<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                S3Client client = server.client();
                clients.add(client);
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        // inline-sized and file-sized bodies mixed, so both kinds displace each other
                        String body = body(thread * 100 + round, (thread + round) % 3 == 0 ? 150 * 1024 : 500);
                        barrier.await();
                        long sent = System.nanoTime();
                        try {
                            PutObjectResponse r = client.putObject(b -> b.bucket(bucket).key("hot"),
                                    RequestBody.fromString(body));
                            long acked = System.nanoTime();
                            assertThat(puts.put(r.versionId(), new Put(r.versionId(), body, sent, acked)))
                                    .as("version id issued twice").isNull();
                        } catch (S3Exception e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            clients.forEach(S3Client::close);
        }
        assertThat(failures.get()).as("failed PUTs").isZero();
        assertThat(puts).hasSize(threads * rounds);

        List<ObjectVersion> listed = versions(bucket, r -> r);
        assertThat(listed).as("one version per successful PUT").hasSize(puts.size());
        assertThat(listed).extracting(ObjectVersion::versionId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(puts.keySet());
        assertThat(listed.get(0).isLatest()).isTrue();
        assertThat(listed.stream().skip(1).noneMatch(ObjectVersion::isLatest)).isTrue();
        for (int i = 1; i < listed.size(); i++) {
            ObjectVersion newer = listed.get(i - 1);
            ObjectVersion older = listed.get(i);
            assertThat(newer.lastModified()).as("newest first").isAfterOrEqualTo(older.lastModified());
            assertThat(newer.versionId()).as("ids follow the order").isGreaterThan(older.versionId());
        }
        // a PUT acknowledged before another was sent must be older than it (the order is linearizable)
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < listed.size(); i++) {
            position.put(listed.get(i).versionId(), i);
        }
        for (Put x : puts.values()) {
            for (Put y : puts.values()) {
                if (x.acked() < y.sent()) {
                    assertThat(position.get(x.versionId())).as("acknowledged before the other was sent")
                            .isGreaterThan(position.get(y.versionId()));
                }
            }
        }
        for (ObjectVersion v : listed) {
            Put p = puts.get(v.versionId());
            assertThat(v.size()).isEqualTo(p.body().length());
            assertThat(v.eTag()).isEqualTo("\"" + md5Hex(p.body().getBytes(StandardCharsets.UTF_8)) + "\"");
        }
        ResponseBytes<GetObjectResponse> latest = s3.getObjectAsBytes(b -> b.bucket(bucket).key("hot"));
        assertThat(latest.response().versionId()).isEqualTo(listed.get(0).versionId());
        assertThat(latest.asUtf8String()).isEqualTo(puts.get(listed.get(0).versionId()).body());
        // the latest is the PUT acknowledged last among those no other PUT was sent after
        Put newest = puts.get(listed.get(0).versionId());
        long lastSent = puts.values().stream().mapToLong(Put::sent).max().orElseThrow();
        assertThat(newest.acked()).as("the latest version's PUT ended after every PUT started")
                .isGreaterThanOrEqualTo(lastSent);
        // a sample of older versions by id
        for (int i = 0; i < listed.size(); i += 7) {
            String id = listed.get(i).versionId();
            assertThat(get(bucket, "hot", id)).isEqualTo(puts.get(id).body());
        }
    }

    // ---- helpers ----

    /** A listing entry, version or delete marker. */
    record Entry(String key, String versionId, boolean marker) {
    }

    /** keys a (3 versions), b (version + marker), dir/sub/z, dir/x (2), dir/y (marker, version, marker), e. */
    private List<Entry> populateForListing(String bucket) {
        List<Entry> expected = new ArrayList<>();
        List<String> a = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            a.add(putVersion(bucket, "a", "a" + i).versionId());
        }
        for (String id : reversed(a)) {
            expected.add(new Entry("a", id, false));
        }
        String b1 = putVersion(bucket, "b", "b").versionId();
        String bm = s3.deleteObject(r -> r.bucket(bucket).key("b")).versionId();
        expected.add(new Entry("b", bm, true));
        expected.add(new Entry("b", b1, false));
        String z = putVersion(bucket, "dir/sub/z", "z").versionId();
        expected.add(new Entry("dir/sub/z", z, false));
        String x1 = putVersion(bucket, "dir/x", "x1").versionId();
        String x2 = putVersion(bucket, "dir/x", "x2").versionId();
        expected.add(new Entry("dir/x", x2, false));
        expected.add(new Entry("dir/x", x1, false));
        String ym1 = s3.deleteObject(r -> r.bucket(bucket).key("dir/y")).versionId();
        String y1 = putVersion(bucket, "dir/y", "y").versionId();
        String ym2 = s3.deleteObject(r -> r.bucket(bucket).key("dir/y")).versionId();
        expected.add(new Entry("dir/y", ym2, true));
        expected.add(new Entry("dir/y", y1, false));
        expected.add(new Entry("dir/y", ym1, true));
        String e = putVersion(bucket, "e", "e").versionId();
        expected.add(new Entry("e", e, false));
        return expected;
    }

    /** The SDK splits versions and markers into two lists; merged back in S3's order (key asc, newest first). */
    private static List<Entry> merged(ListObjectVersionsResponse r) {
        List<Entry> out = new ArrayList<>();
        r.versions().forEach(v -> out.add(new Entry(v.key(), v.versionId(), false)));
        r.deleteMarkers().forEach(m -> out.add(new Entry(m.key(), m.versionId(), true)));
        // ids of enabled buckets sort by time, so newest first is descending id order within a key
        out.sort((x, y) -> x.key().equals(y.key()) ? y.versionId().compareTo(x.versionId())
                : x.key().compareTo(y.key()));
        return out;
    }

    /** Entries in the order the XML lists them. */
    private static List<Entry> entriesInXmlOrder(String xml) {
        List<Entry> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("<(Version|DeleteMarker)>.*?<Key>(.*?)</Key>.*?<VersionId>(.*?)</VersionId>.*?</\\1>",
                        java.util.regex.Pattern.DOTALL)
                .matcher(xml);
        while (m.find()) {
            out.add(new Entry(m.group(2), m.group(3), m.group(1).equals("DeleteMarker")));
        }
        return out;
    }

    private static void assertIsLatestOnFirstEntryOfEachKey(ListObjectVersionsResponse r) {
        Map<String, String> latestByKey = new HashMap<>();
        for (Entry e : merged(r)) {
            latestByKey.putIfAbsent(e.key(), e.versionId());
        }
        r.versions().forEach(v -> assertThat(v.isLatest()).as(v.key() + "@" + v.versionId())
                .isEqualTo(v.versionId().equals(latestByKey.get(v.key()))));
        r.deleteMarkers().forEach(m -> assertThat(m.isLatest()).as(m.key() + "@" + m.versionId())
                .isEqualTo(m.versionId().equals(latestByKey.get(m.key()))));
    }

    private static List<ObjectVersion> versions(String bucket, UnaryOperator<ListObjectVersionsRequest.Builder> q) {
        List<ObjectVersion> out = new ArrayList<>();
        s3.listObjectVersionsPaginator(q.apply(ListObjectVersionsRequest.builder().bucket(bucket)).build())
                .forEach(p -> out.addAll(p.versions()));
        return out;
    }

    private static List<Entry> allEntries(String bucket, UnaryOperator<ListObjectVersionsRequest.Builder> q) {
        List<Entry> out = new ArrayList<>();
        s3.listObjectVersionsPaginator(q.apply(ListObjectVersionsRequest.builder().bucket(bucket)).build())
                .forEach(p -> out.addAll(merged(p)));
        return out;
    }

    private static String bucket(String name) {
        return createBucket("ver-" + name);
    }

    /** A response header of an S3 error, if present. */
    private static java.util.Optional<String> header(S3Exception e, String name) {
        return e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader(name);
    }

    private static String versionedBucket(String name) {
        String bucket = bucket(name);
        setVersioning(bucket, BucketVersioningStatus.ENABLED);
        return bucket;
    }

    private static void setVersioning(String bucket, BucketVersioningStatus status) {
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(status)));
    }

    private static PutObjectResponse putVersion(String bucket, String key, String body) {
        return s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(body));
    }

    private static String get(String bucket, String key, String versionId) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(versionId)).asUtf8String();
    }

    /** A printable body of {@code size} bytes, different per seed. */
    static String body(long seed, int size) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> out = new ArrayList<>(list);
        java.util.Collections.reverse(out);
        return out;
    }

    private static S3Exception catchS3(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(S3Exception.class);
        return (S3Exception) t;
    }
}
