package io.cairn.conformance;

import io.cairn.meta.ObjectVersion;
import io.cairn.meta.TierRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortIncompleteMultipartUpload;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LifecycleExpiration;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleAndOperator;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionTransition;
import software.amazon.awssdk.services.s3.model.PutBucketLifecycleConfigurationResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Transition;
import software.amazon.awssdk.services.s3.model.TransitionDefaultMinimumObjectSize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bucket lifecycle configuration through the AWS SDK, and the scanner applying it. The server runs with a
 * lifecycle day of one second, so "1 day" rules come due within the test; passes are triggered through the
 * admin API ({@code POST /_cairn/admin/lifecycle/scan}) and never run on their own (the interval is an hour).
 */
class LifecycleTest extends ConformanceTestBase {
    private static final Duration DAY = Duration.ofSeconds(1);
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int LARGE = 200 * 1024;

    @BeforeAll
    static void startServer() {
        server = CairnTestServer.start(c -> c.withLifecycleDay(DAY).withScanner(1_000_000, Duration.ofHours(1)));
        s3 = server.client();
        server.metadata().putTier(new TierRecord("COLD", "s3", Map.of(), Instant.now()));
        server.metadata().putTier(new TierRecord("ARCHIVE", "s3", Map.of(), Instant.now()));
    }

    // ---- configuration ----

    @Test
    @SuppressWarnings("deprecation") // the rule-level Prefix S3 still accepts
    void configurationRoundTripsEveryElementKind() {
        String bucket = createBucket("lc-roundtrip");
        LifecycleRule everything = LifecycleRule.builder().id("everything").status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.fromAnd(a -> a.prefix("logs/")
                        .tags(tag("a", "1"), tag("b", "2")).objectSizeGreaterThan(10L).objectSizeLessThan(1L << 30)))
                .transitions(Transition.builder().days(0).storageClass("COLD").build(),
                        Transition.builder().days(30).storageClass("ARCHIVE").build())
                .expiration(e -> e.days(365))
                .noncurrentVersionTransitions(NoncurrentVersionTransition.builder().noncurrentDays(5)
                        .newerNoncurrentVersions(2).storageClass("COLD").build())
                .noncurrentVersionExpiration(n -> n.noncurrentDays(60).newerNoncurrentVersions(3))
                .build();
        LifecycleRule legacyNoId = LifecycleRule.builder().prefix("tmp/").status(ExpirationStatus.DISABLED)
                .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(7)).build();
        LifecycleRule markers = LifecycleRule.builder().id("markers").status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.fromPrefix("")).expiration(e -> e.expiredObjectDeleteMarker(true)).build();
        LifecycleRule dated = LifecycleRule.builder().id("dated with spaces").status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.fromTag(tag("k", "v")))
                .transitions(Transition.builder().date(Instant.parse("2030-01-01T00:00:00Z")).storageClass("COLD")
                        .build())
                .expiration(e -> e.date(Instant.parse("2030-01-02T00:00:00Z"))).build();
        LifecycleRule small = LifecycleRule.builder().id("small").status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.fromObjectSizeLessThan(1024L)).expiration(e -> e.days(2)).build();
        LifecycleRule big = LifecycleRule.builder().id("big").status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.fromObjectSizeGreaterThan(2048L))
                .noncurrentVersionExpiration(n -> n.noncurrentDays(1)).build();
        List<LifecycleRule> rules = List.of(everything, legacyNoId, markers, dated, small, big);

        PutBucketLifecycleConfigurationResponse put = s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket)
                .transitionDefaultMinimumObjectSize(TransitionDefaultMinimumObjectSize.VARIES_BY_STORAGE_CLASS)
                .lifecycleConfiguration(c -> c.rules(rules)));
        assertThat(put.transitionDefaultMinimumObjectSize())
                .isEqualTo(TransitionDefaultMinimumObjectSize.VARIES_BY_STORAGE_CLASS);

        GetBucketLifecycleConfigurationResponse got = s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket));
        assertThat(got.transitionDefaultMinimumObjectSize())
                .isEqualTo(TransitionDefaultMinimumObjectSize.VARIES_BY_STORAGE_CLASS);
        assertThat(got.rules()).hasSize(6);
        String generated = got.rules().get(1).id();
        assertThat(generated).as("an ID is generated for a rule sent without one").hasSize(48);
        assertThat(got.rules().get(1)).isEqualTo(legacyNoId.toBuilder().id(generated).build());
        assertThat(got.rules()).element(0).isEqualTo(everything);
        assertThat(got.rules().subList(2, 6)).containsExactly(markers, dated, small, big);

        // A PUT replaces the whole configuration; the default minimum size is S3's.
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(small)));
        got = s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket));
        assertThat(got.rules()).containsExactly(small);
        assertThat(got.transitionDefaultMinimumObjectSize())
                .isEqualTo(TransitionDefaultMinimumObjectSize.ALL_STORAGE_CLASSES_128_K);
    }

    @Test
    void anEmptyFilterAndAnEmptyPrefixSelectEverything() {
        String bucket = createBucket("lc-empty-filter");
        LifecycleRule rule = LifecycleRule.builder().id("all").status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.builder().build()).expiration(e -> e.days(5)).build();
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(rule)));
        assertThat(s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules()).containsExactly(rule);
    }

    @Test
    void getAndDeleteWithoutConfiguration() {
        String bucket = createBucket("lc-none");
        s3Error(() -> s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)), 404, "NoSuchLifecycleConfiguration");
        s3.deleteBucketLifecycle(b -> b.bucket(bucket));
        putRules(bucket, expire("r", "", 3));
        assertThat(s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules()).hasSize(1);
        s3.deleteBucketLifecycle(b -> b.bucket(bucket));
        s3Error(() -> s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)), 404, "NoSuchLifecycleConfiguration");
        s3Error(() -> s3.getBucketLifecycleConfiguration(b -> b.bucket("lc-no-such-bucket")), 404, "NoSuchBucket");
        s3Error(() -> s3.putBucketLifecycleConfiguration(b -> b.bucket("lc-no-such-bucket")
                .lifecycleConfiguration(c -> c.rules(expire("r", "", 1)))), 404, "NoSuchBucket");
        s3Error(() -> s3.deleteBucketLifecycle(b -> b.bucket("lc-no-such-bucket")), 404, "NoSuchBucket");
    }

    @Test
    @SuppressWarnings("deprecation") // the rule-level Prefix S3 still accepts
    void invalidConfigurationsAreRefusedWithS3sCodesAndChangeNothing() {
        String bucket = createBucket("lc-invalid");
        LifecycleRule valid = expire("valid", "", 3);
        putRules(bucket, valid);

        LifecycleRule.Builder base = LifecycleRule.builder().id("r").status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.fromPrefix(""));
        refused(bucket, "MalformedXML", base.copy().expiration(e -> e.days(1).date(midnight())).build());
        refused(bucket, "MalformedXML", base.copy().expiration(e -> e.days(1).expiredObjectDeleteMarker(true)).build());
        refused(bucket, "MalformedXML", base.copy().expiration(LifecycleExpiration.builder().build()).build());
        refused(bucket, "MalformedXML", base.copy().status("enabled").expiration(e -> e.days(1)).build());
        refused(bucket, "MalformedXML", LifecycleRule.builder().id("r").status(ExpirationStatus.ENABLED)
                .expiration(e -> e.days(1)).build());
        refused(bucket, "MalformedXML", base.copy().prefix("x").expiration(e -> e.days(1)).build());
        refused(bucket, "MalformedXML", base.copy().filter(LifecycleRuleFilter.fromAnd(a -> a.prefix("p")))
                .expiration(e -> e.days(1)).build());
        refused(bucket, "InvalidArgument", base.copy().expiration(e -> e.days(0)).build());
        refused(bucket, "InvalidArgument", base.copy().expiration(e -> e.date(midnight().plusSeconds(3600))).build());
        refused(bucket, "InvalidArgument", base.copy().id("x".repeat(256)).expiration(e -> e.days(1)).build());
        refused(bucket, "InvalidArgument", base.copy().noncurrentVersionExpiration(n -> n.noncurrentDays(0)).build());
        refused(bucket, "InvalidArgument", base.copy()
                .noncurrentVersionExpiration(n -> n.noncurrentDays(1).newerNoncurrentVersions(101)).build());
        refused(bucket, "InvalidArgument", base.copy().abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(0))
                .build());
        refused(bucket, "InvalidArgument", base.copy().expiration(e -> e.days(10))
                .transitions(Transition.builder().days(10).storageClass("COLD").build()).build());
        refused(bucket, "InvalidArgument", base.copy().filter(LifecycleRuleFilter.fromAnd(a -> a
                .objectSizeGreaterThan(100L).objectSizeLessThan(100L))).expiration(e -> e.days(1)).build());
        refused(bucket, "InvalidArgument", valid, valid);
        refused(bucket, "InvalidRequest", base.copy().build());
        refused(bucket, "InvalidRequest", base.copy().filter(LifecycleRuleFilter.fromTag(tag("a", "b")))
                .expiration(e -> e.expiredObjectDeleteMarker(true)).build());
        refused(bucket, "InvalidRequest", base.copy().filter(LifecycleRuleFilter.fromTag(tag("a", "b")))
                .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1)).build());
        refused(bucket, "InvalidRequest", base.copy().filter(LifecycleRuleFilter.fromPrefix("p".repeat(1025)))
                .expiration(e -> e.days(1)).build());
        refused(bucket, "InvalidRequest", base.copy().filter(LifecycleRuleFilter.fromAnd(a -> a
                .tags(tag("a", "1"), tag("a", "2")))).expiration(e -> e.days(1)).build());
        refused(bucket, "InvalidRequest", base.copy().transitions(
                Transition.builder().days(1).storageClass("COLD").build(),
                Transition.builder().days(2).storageClass("COLD").build()).build());
        refused(bucket, "InvalidRequest", base.copy().transitions(
                Transition.builder().days(1).storageClass("COLD").build(),
                Transition.builder().date(midnight()).storageClass("ARCHIVE").build()).build());
        refused(bucket, "InvalidStorageClass", base.copy().transitions(
                Transition.builder().days(1).storageClass("NO_SUCH_TIER").build()).build());
        refused(bucket, "InvalidStorageClass", base.copy().noncurrentVersionTransitions(
                NoncurrentVersionTransition.builder().noncurrentDays(1).storageClass("GLACIER").build()).build());
        List<LifecycleRule> tooMany = new ArrayList<>();
        for (int i = 0; i <= 1000; i++) {
            tooMany.add(expire("r" + i, "p" + i + "/", 1));
        }
        refused(bucket, "InvalidRequest", tooMany.toArray(LifecycleRule[]::new));
        s3Error(() -> s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(
                List.of()))), 400, "MalformedXML");
        s3Error(() -> s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket)
                .transitionDefaultMinimumObjectSize("tiny").lifecycleConfiguration(c -> c.rules(valid))),
                400, "InvalidArgument");

        assertThat(s3.getBucketLifecycleConfiguration(b -> b.bucket(bucket)).rules()).containsExactly(valid);
    }

    @Test
    void xmlTheSdkCannotSendIsRefusedAsS3Does() {
        String bucket = createBucket("lc-raw");
        String rule = "<Rule><ID>r</ID><Filter>%s</Filter><Status>Enabled</Status>"
                + "<Expiration><Days>1</Days></Expiration></Rule>";
        assertError(putRaw(bucket, "not xml at all"), 400, "MalformedXML");
        assertError(putRaw(bucket, "<LifecycleConfiguration>" + rule.formatted("<Prefix>a</Prefix>"
                + "<Tag><Key>k</Key><Value>v</Value></Tag>") + "</LifecycleConfiguration>"), 400, "MalformedXML");
        assertError(putRaw(bucket, "<LifecycleConfiguration>" + rule.formatted("<Prefix>a</Prefix><Prefix>b</Prefix>")
                + "</LifecycleConfiguration>"), 400, "MalformedXML");
        assertError(putRaw(bucket, "<LifecycleConfiguration>" + rule.formatted("<Unknown/>")
                + "</LifecycleConfiguration>"), 400, "MalformedXML");
        assertError(putRaw(bucket, "<LifecycleConfiguration><Rule><Filter/><Status>Enabled</Status><Expiration>"
                + "<Days>many</Days></Expiration></Rule></LifecycleConfiguration>"), 400, "MalformedXML");
        String ok = "<LifecycleConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + rule.formatted("") + "</LifecycleConfiguration>";
        RawHttp.Response noDigest = RawRequest.of(server.port(), "PUT", "/" + bucket).query("lifecycle", null)
                .body(ok.getBytes(StandardCharsets.UTF_8)).send();
        assertError(noDigest, 400, "InvalidRequest");
        assertThat(putRaw(bucket, ok).status()).isEqualTo(200);
    }

    // ---- x-amz-expiration ----

    @Test
    void putHeadAndGetTellWhenAndByWhichRuleAnObjectExpires() {
        String bucket = createBucket("lc-header");
        putRules(bucket, expire("expire soon", "e/", 3), expire("later", "e/", 5), expire("other", "x/", 1));
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("e/a"), RequestBody.fromString("a"));
        Instant modified = s3.headObject(b -> b.bucket(bucket).key("e/a")).lastModified();
        String expected = "expiry-date=\"" + HTTP_DATE.format(modified.plusSeconds(3))
                + "\", rule-id=\"expire%20soon\"";
        assertThat(put.expiration()).isEqualTo(expected);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("e/a")).expiration()).isEqualTo(expected);
        assertThat(s3.getObject(b -> b.bucket(bucket).key("e/a")).response().expiration()).isEqualTo(expected);

        assertThat(s3.putObject(b -> b.bucket(bucket).key("n/a"), RequestBody.fromString("a")).expiration()).isNull();
        assertThat(s3.headObject(b -> b.bucket(bucket).key("n/a")).expiration()).isNull();
    }

    @Test
    void copyAndCompleteMultipartUploadAlsoTellTheExpiry() {
        String bucket = createBucket("lc-header-copy");
        putRules(bucket, expire("soon", "e/", 3));
        s3.putObject(b -> b.bucket(bucket).key("src"), RequestBody.fromString("a"));

        var copy = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket)
                .destinationKey("e/copy"));
        Instant copied = s3.headObject(b -> b.bucket(bucket).key("e/copy")).lastModified();
        assertThat(copy.expiration()).isEqualTo("expiry-date=\"" + HTTP_DATE.format(copied.plusSeconds(3))
                + "\", rule-id=\"soon\"");

        String upload = s3.createMultipartUpload(b -> b.bucket(bucket).key("e/mp")).uploadId();
        String etag = s3.uploadPart(b -> b.bucket(bucket).key("e/mp").uploadId(upload).partNumber(1),
                RequestBody.fromString("part")).eTag();
        var done = s3.completeMultipartUpload(b -> b.bucket(bucket).key("e/mp").uploadId(upload)
                .multipartUpload(m -> m.parts(p -> p.partNumber(1).eTag(etag))));
        Instant completed = s3.headObject(b -> b.bucket(bucket).key("e/mp")).lastModified();
        assertThat(done.expiration()).isEqualTo("expiry-date=\"" + HTTP_DATE.format(completed.plusSeconds(3))
                + "\", rule-id=\"soon\"");
        assertThat(s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket)
                .destinationKey("n/copy")).expiration()).isNull();
    }

    @Test
    void withARealDayTheExpiryIsTheMidnightAfterTheLastDay() {
        try (CairnTestServer realDay = CairnTestServer.start(); S3Client client = realDay.client()) {
            client.createBucket(b -> b.bucket("lc-real-day"));
            client.putBucketLifecycleConfiguration(b -> b.bucket("lc-real-day")
                    .lifecycleConfiguration(c -> c.rules(expire("two days", "", 2))));
            PutObjectResponse put = client.putObject(b -> b.bucket("lc-real-day").key("k"),
                    RequestBody.fromString("x"));
            Instant modified = client.headObject(b -> b.bucket("lc-real-day").key("k")).lastModified();
            Instant midnight = LocalDate.ofInstant(modified, ZoneOffset.UTC).plusDays(3).atStartOfDay()
                    .toInstant(ZoneOffset.UTC);
            assertThat(put.expiration())
                    .isEqualTo("expiry-date=\"" + HTTP_DATE.format(midnight) + "\", rule-id=\"two%20days\"");
        }
    }

    // ---- the scanner ----

    @Test
    void unversionedObjectsAreRemovedAndTheirDataFreed() throws Exception {
        String bucket = createBucket("lc-unversioned");
        putRules(bucket, expire("old", "old/", 1));
        put(bucket, "old/large", randomBytes(LARGE, 1));
        put(bucket, "old/small", "s");
        put(bucket, "keep/large", randomBytes(LARGE, 2));
        String dataId = server.metadata().latest(bucket, "old/large").orElseThrow().dataId();
        assertThat(dataFile(dataId)).exists();

        scanAfterDays(1);

        assertThat(keys(bucket)).containsExactly("keep/large");
        assertThat(dataFile(dataId)).doesNotExist();
        assertThat(versions(bucket)).containsExactly("V keep/large null latest");
    }

    @Test
    void versioningEnabledExpirationAddsADeleteMarker() throws Exception {
        String bucket = createBucket("lc-enabled");
        enableVersioning(bucket);
        putRules(bucket, expire("r", "", 1));
        String v1 = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("one")).versionId();

        scanAfterDays(1);

        s3Error(() -> s3.headObject(b -> b.bucket(bucket).key("k")), 404, null);
        List<String> versions = versions(bucket);
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0)).startsWith("D k ").endsWith(" latest");
        assertThat(versions.get(1)).isEqualTo("V k " + v1 + " noncurrent");
    }

    @Test
    void versioningSuspendedExpirationReplacesTheNullVersionWithANullMarker() throws Exception {
        String bucket = createBucket("lc-suspended");
        enableVersioning(bucket);
        String v1 = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("one")).versionId();
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v
                .status(BucketVersioningStatus.SUSPENDED)));
        put(bucket, "k", randomBytes(LARGE, 3));
        String nullData = server.metadata().latest(bucket, "k").orElseThrow().dataId();
        putRules(bucket, expire("r", "", 1));

        scanAfterDays(1);

        assertThat(versions(bucket)).containsExactly("D k null latest", "V k " + v1 + " noncurrent");
        assertThat(dataFile(nullData)).doesNotExist();
    }

    @Test
    void noncurrentVersionsExpireDaysAfterBecomingNoncurrent() throws Exception {
        String bucket = createBucket("lc-noncurrent");
        enableVersioning(bucket);
        putRules(bucket, LifecycleRule.builder().id("nc").status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.fromPrefix("")).noncurrentVersionExpiration(n -> n.noncurrentDays(1))
                .build());
        List<String> ids = putVersions(bucket, "k", 3);

        scanAfterDays(1);

        assertThat(versions(bucket)).containsExactly("V k " + ids.get(2) + " latest");
    }

    @Test
    void newerNoncurrentVersionsAreKept() throws Exception {
        String bucket = createBucket("lc-newer");
        enableVersioning(bucket);
        putRules(bucket, LifecycleRule.builder().id("keep2").status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.fromPrefix(""))
                .noncurrentVersionExpiration(n -> n.noncurrentDays(1).newerNoncurrentVersions(2)).build());
        List<String> ids = putVersions(bucket, "k", 5);

        scanAfterDays(1);

        assertThat(versions(bucket)).containsExactly("V k " + ids.get(4) + " latest", "V k " + ids.get(3)
                + " noncurrent", "V k " + ids.get(2) + " noncurrent");
    }

    @Test
    void expiredObjectDeleteMarkersAreRemovedWhenNothingIsLeftBehindThem() throws Exception {
        String bucket = createBucket("lc-markers");
        enableVersioning(bucket);
        putRules(bucket, LifecycleRule.builder().id("markers").status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.fromPrefix("")).expiration(e -> e.expiredObjectDeleteMarker(true)).build());
        String a1 = s3.putObject(b -> b.bucket(bucket).key("a"), RequestBody.fromString("a")).versionId();
        s3.deleteObject(b -> b.bucket(bucket).key("a"));
        s3.deleteObject(b -> b.bucket(bucket).key("a").versionId(a1));
        String b1 = s3.putObject(b -> b.bucket(bucket).key("b"), RequestBody.fromString("b")).versionId();
        s3.deleteObject(b -> b.bucket(bucket).key("b"));
        s3.deleteObject(b -> b.bucket(bucket).key("c"));

        assertThat(scan()).containsEntry("deleteMarkersRemoved", 2L);

        List<String> left = versions(bucket);
        assertThat(left).hasSize(2);
        assertThat(left.get(0)).startsWith("D b ").endsWith(" latest");
        assertThat(left.get(1)).isEqualTo("V b " + b1 + " noncurrent");
    }

    @Test
    void incompleteMultipartUploadsAreAbortedAndTheirPartsFreed() throws Exception {
        String bucket = createBucket("lc-uploads");
        putRules(bucket, LifecycleRule.builder().id("abort").status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.fromPrefix("up/"))
                .abortIncompleteMultipartUpload(AbortIncompleteMultipartUpload.builder().daysAfterInitiation(1)
                        .build()).build());
        String stale = s3.createMultipartUpload(b -> b.bucket(bucket).key("up/x")).uploadId();
        s3.uploadPart(b -> b.bucket(bucket).key("up/x").uploadId(stale).partNumber(1),
                RequestBody.fromBytes(randomBytes(1000, 4)));
        String partData = server.metadata().allParts(bucket, "up/x", stale).get(0).dataId();
        String kept = s3.createMultipartUpload(b -> b.bucket(bucket).key("keep/y")).uploadId();

        scanAfterDays(1);

        assertThat(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads())
                .extracting(u -> u.uploadId()).containsExactly(kept);
        s3Error(() -> s3.uploadPart(b -> b.bucket(bucket).key("up/x").uploadId(stale).partNumber(2),
                RequestBody.fromString("late")), 404, "NoSuchUpload");
        assertThat(dataFile(partData)).doesNotExist();
    }

    @Test
    void filtersSelectByTagsAndSize() throws Exception {
        String bucket = createBucket("lc-filters");
        putRules(bucket,
                LifecycleRule.builder().id("tagged").status(ExpirationStatus.ENABLED)
                        .filter(LifecycleRuleFilter.fromTag(tag("env", "tmp"))).expiration(e -> e.days(1)).build(),
                LifecycleRule.builder().id("sized").status(ExpirationStatus.ENABLED)
                        .filter(LifecycleRuleFilter.fromAnd(a -> a.prefix("s/").objectSizeGreaterThan(100L)
                                .objectSizeLessThan(1000L))).expiration(e -> e.days(1)).build());
        for (String key : List.of("t/tagged", "t/untagged", "t/other")) {
            put(bucket, key, "t");
        }
        tagObject(bucket, "t/tagged", Map.of("env", "tmp", "team", "x"));
        tagObject(bucket, "t/other", Map.of("env", "prod"));
        put(bucket, "s/small", randomBytes(50, 5));
        put(bucket, "s/mid", randomBytes(500, 6));
        put(bucket, "s/large", randomBytes(2000, 7));
        put(bucket, "x/mid", randomBytes(500, 8));
        assertThat(s3.headObject(b -> b.bucket(bucket).key("t/tagged")).expiration()).contains("rule-id=\"tagged\"");

        scanAfterDays(1);

        assertThat(keys(bucket)).containsExactly("s/large", "s/small", "t/other", "t/untagged", "x/mid");
    }

    @Test
    void disabledRulesAndRemovedConfigurationsDoNothing() throws Exception {
        String bucket = createBucket("lc-disabled");
        putRules(bucket, expire("off", "", 1).toBuilder().status(ExpirationStatus.DISABLED).build());
        put(bucket, "k", "x");
        String removed = createBucket("lc-removed");
        putRules(removed, expire("gone", "", 1));
        put(removed, "k", "x");
        s3.deleteBucketLifecycle(b -> b.bucket(removed));

        scanAfterDays(1);

        assertThat(keys(bucket)).containsExactly("k");
        assertThat(keys(removed)).containsExactly("k");
        assertThat(s3.headObject(b -> b.bucket(bucket).key("k")).expiration()).isNull();
    }

    @Test
    void anObjectOverwrittenBetweenEvaluationAndActionIsKept() throws Exception {
        // 10 entries a second: the pass reads its page at once and reaches key i after i/10 s, so the keys
        // overwritten right after it starts are acted on long after they were evaluated.
        try (CairnTestServer slow = CairnTestServer.start(c -> c.withLifecycleDay(DAY)
                .withScanner(10, Duration.ofHours(1))); S3Client client = slow.client()) {
            client.createBucket(b -> b.bucket("lc-race"));
            client.putBucketLifecycleConfiguration(b -> b.bucket("lc-race")
                    .lifecycleConfiguration(c -> c.rules(expire("r", "", 1))));
            for (int i = 0; i < 40; i++) {
                String key = "k%02d".formatted(i);
                client.putObject(b -> b.bucket("lc-race").key(key), RequestBody.fromString("old"));
            }
            Thread.sleep(DAY.toMillis() + 300);

            CompletableFuture<Map<String, Long>> pass = CompletableFuture.supplyAsync(() -> scan(slow));
            Thread.sleep(300);
            for (int i = 20; i < 40; i++) {
                String key = "k%02d".formatted(i);
                client.putObject(b -> b.bucket("lc-race").key(key), RequestBody.fromString("new"));
            }
            Map<String, Long> report = pass.join();

            List<String> left = client.listObjectsV2(b -> b.bucket("lc-race")).contents().stream()
                    .map(o -> o.key()).toList();
            assertThat(left).hasSize(20).allMatch(k -> k.compareTo("k20") >= 0);
            for (String key : left) {
                assertThat(client.getObjectAsBytes(b -> b.bucket("lc-race").key(key)).asUtf8String())
                        .isEqualTo("new");
            }
            assertThat(report).containsEntry("expired", 20L).containsEntry("skipped", 20L);
        }
    }

    // ---- helpers ----

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static Instant midnight() {
        return Instant.parse("2030-01-01T00:00:00Z");
    }

    private static LifecycleRule expire(String id, String prefix, int days) {
        return LifecycleRule.builder().id(id).status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.fromPrefix(prefix)).expiration(e -> e.days(days)).build();
    }

    private static void putRules(String bucket, LifecycleRule... rules) {
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(rules)));
    }

    private static void refused(String bucket, String code, LifecycleRule... rules) {
        s3Error(() -> putRules(bucket, rules), 400, code);
    }

    private static RawHttp.Response putRaw(String bucket, String xml) {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        return RawRequest.of(server.port(), "PUT", "/" + bucket).query("lifecycle", null)
                .header("Content-MD5", md5Base64(body)).body(body).send();
    }

    private static void enableVersioning(String bucket) {
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v
                .status(BucketVersioningStatus.ENABLED)));
    }

    private static List<String> putVersions(String bucket, String key, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int content = i;
            ids.add(s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("v" + content)).versionId());
        }
        return ids;
    }

    private static void tagObject(String bucket, String key, Map<String, String> tags) throws Exception {
        ObjectVersion v = server.metadata().latest(bucket, key).orElseThrow();
        server.metadata().updateVersion(bucket, key, v.versionId(), stored -> stored.withTags(tags));
    }

    private static List<String> keys(String bucket) {
        return s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(o -> o.key()).toList();
    }

    /** "V|D key versionId latest|noncurrent" per entry, in listing order. */
    private static List<String> versions(String bucket) {
        var r = s3.listObjectVersions(b -> b.bucket(bucket));
        List<String> out = new ArrayList<>();
        r.deleteMarkers().forEach(m -> out.add("D " + m.key() + " " + m.versionId() + (m.isLatest() ? " latest"
                : " noncurrent")));
        r.versions().forEach(v -> out.add("V " + v.key() + " " + v.versionId() + (v.isLatest() ? " latest"
                : " noncurrent")));
        // Listing order is by key, each key newest first; markers and versions come in separate lists.
        out.sort((a, b) -> a.substring(2).split(" ")[0].compareTo(b.substring(2).split(" ")[0]));
        return out;
    }

    /** Waits until rules of that many days are due for what was written so far, then runs a pass. */
    private static Map<String, Long> scanAfterDays(int days) throws InterruptedException {
        Thread.sleep(DAY.toMillis() * days + 300);
        return scan();
    }

    private static Map<String, Long> scan() {
        return scan(server);
    }

    private static Map<String, Long> scan(CairnTestServer target) {
        RawHttp.Response r = RawRequest.of(target.port(), "POST", "/_cairn/admin/lifecycle/scan").send();
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        Map<String, Long> counts = new java.util.HashMap<>();
        Matcher m = Pattern.compile("\"(\\w+)\":(\\d+)").matcher(r.bodyText());
        while (m.find()) {
            counts.put(m.group(1), Long.parseLong(m.group(2)));
        }
        return counts;
    }

    private static Path dataFile(String id) throws IOException {
        Path data = server.dataDir().resolve(".cairn").resolve("data");
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(p -> p.getFileName().toString().equals(id)).findFirst()
                    .orElse(data.resolve("missing-" + id));
        }
    }
}
