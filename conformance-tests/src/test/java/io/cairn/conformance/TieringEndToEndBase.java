package io.cairn.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionTransition;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Transition;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static io.cairn.conformance.ConformanceTestBase.randomBytes;
import static io.cairn.conformance.ConformanceTestBase.s3Error;
import static io.cairn.conformance.ConformanceTestBase.uniqueBucketName;
import static io.cairn.conformance.TieringChecks.NOTHING;
import static io.cairn.conformance.TieringChecks.PKG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lifecycle transitions to a real remote tier, end to end: a bucket's lifecycle configuration names the tier as its
 * StorageClass, the scanner (passes triggered through the admin API, as an operator can) moves what is due, reads
 * come back through the tier byte-exact whole and in ranges, RestoreObject brings a copy back for a while, and
 * expiration deletes the remote copies. The local server runs in-process with a lifecycle day of one second and its
 * tiers defined through the admin API, exactly as in production; subclasses start the remote and look into it
 * with its own client.
 */
abstract class TieringEndToEndBase {
    static final Duration DAY = Duration.ofSeconds(1);
    /** The remote tier's prefix: copies are {@code PREFIX + bucket id + "/" + key hash + "/" + copy id}. */
    static final String PREFIX = "cairn/e2e/";
    static final byte[] MARKER = "E2E-PLAINTEXT-MARKER-6f1d2a90".getBytes(StandardCharsets.US_ASCII);
    /** Parts of the multipart objects: across packages, one not a multiple of 64 KiB, a tiny last one. */
    static final int[] PART_SIZES = {2 * PKG + 100, 70 * 1024, 3 * PKG, 5};
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    static CairnTestServer server;
    static S3Client s3;
    static TierAdminApi admin;

    @BeforeAll
    static void startLocal() {
        server = CairnTestServer.startWithDefinedTiers(c -> c.withMinPartSize(1).withLifecycleDay(DAY));
        s3 = server.client();
        admin = new TierAdminApi(server.port());
    }

    @AfterAll
    static void stopLocal() {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** The tier the subclass defined (through {@link #admin}): the storage class lifecycle rules name. */
    abstract String tier();

    /** Every object the remote holds under {@link #PREFIX}, key to size, read with the remote's own client. */
    abstract Map<String, Long> remoteObjects();

    /** A remote object's bytes (small objects only). */
    abstract byte[] remoteBytes(String key);

    /** Makes the remote hang: connections are accepted, nothing is answered until {@link #resumeRemote}. */
    abstract void pauseRemote() throws Exception;

    abstract void resumeRemote() throws Exception;

    // ---- the scenarios every remote goes through ----

    @Test
    void unversionedObjectsMoveReadBackRestoreAndExpireWithTheirRemoteCopies() throws Exception {
        String bucket = bucket("e2e-plain", false);
        int expireDays = 10;
        putLifecycle(bucket, rule().transitions(Transition.builder().days(1).storageClass(tier()).build())
                .expiration(e -> e.days(expireDays)).build());
        byte[] plain = randomBytes(300 * 1024, 1);
        s3.putObject(b -> b.bucket(bucket).key("plain"), RequestBody.fromBytes(plain));
        byte[] sse = marked(randomBytes(4 * PKG + 777, 2));
        s3.putObject(b -> b.bucket(bucket).key("sse").serverSideEncryption(ServerSideEncryption.AES256),
                RequestBody.fromBytes(sse));
        byte[] multipart = multipart(bucket, "multipart", false, 3);
        byte[] multipartSse = multipart(bucket, "multipart-sse", true, 4);
        s3.putObject(b -> b.bucket(bucket).key("small"), RequestBody.fromString("under the 128 KiB minimum"));
        Instant written = Instant.now();
        Map<String, byte[]> moved = Map.of("plain", plain, "sse", sse, "multipart", multipart,
                "multipart-sse", multipartSse);
        Map<String, String> etags = moved.keySet().stream().collect(Collectors.toMap(k -> k,
                k -> s3.headObject(b -> b.bucket(bucket).key(k)).eTag()));
        long files = TieringChecks.localFiles(server);

        sleepUntil(written.plus(DAY));
        scanUntil("the four large objects moved", () -> moved.keySet().stream().allMatch(k -> tier().equals(
                s3.headObject(b -> b.bucket(bucket).key(k)).storageClassAsString())));

        for (String key : moved.keySet()) {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            assertThat(head.contentLength()).as(key).isEqualTo(moved.get(key).length);
            assertThat(head.eTag()).as(key).isEqualTo(etags.get(key));
            assertThat(head.restore()).as(key).isNull();
            TieringChecks.assertReadsBack(s3, bucket, key, moved.get(key), NOTHING);
        }
        assertThat(s3.headObject(b -> b.bucket(bucket).key("sse")).serverSideEncryption())
                .isEqualTo(ServerSideEncryption.AES256);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("multipart")).partsCount()).isEqualTo(PART_SIZES.length);
        assertAcrossPartBoundaries(bucket, "multipart", multipart);
        assertAcrossPartBoundaries(bucket, "multipart-sse", multipartSse);
        assertThat(s3.headObject(b -> b.bucket(bucket).key("small")).storageClassAsString()).isNull();
        List<S3Object> listed = s3.listObjectsV2(b -> b.bucket(bucket)).contents();
        assertThat(listed).extracting(S3Object::key, S3Object::storageClassAsString).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("multipart", tier()),
                org.assertj.core.groups.Tuple.tuple("multipart-sse", tier()),
                org.assertj.core.groups.Tuple.tuple("plain", tier()),
                org.assertj.core.groups.Tuple.tuple("small", "STANDARD"),
                org.assertj.core.groups.Tuple.tuple("sse", tier()));
        // One data file for each single-part object and one per part went; the small object was inline.
        long after = files - 2 - 2L * PART_SIZES.length;
        assertThat(TieringChecks.localFiles(server)).as("local data files freed").isEqualTo(after);

        // On the remote: the plain bytes exactly as written, encrypted ones only as ciphertext of the stored size.
        assertThat(remoteBytes(onlyCopy(bucket, "plain"))).isEqualTo(plain);
        assertThat(remoteBytes(onlyCopy(bucket, "multipart"))).isEqualTo(multipart);
        assertThat(remoteObjects().get(onlyCopy(bucket, "sse"))).isEqualTo(sealedSize(sse.length));
        assertThat(remoteObjects().get(onlyCopy(bucket, "multipart-sse")))
                .isEqualTo(java.util.Arrays.stream(PART_SIZES).mapToLong(TieringEndToEndBase::sealedSize).sum());
        for (String key : List.of("sse", "multipart-sse")) {
            assertThat(TieringChecks.indexOf(remoteBytes(onlyCopy(bucket, key)), MARKER))
                    .as("plaintext of %s on the remote", key).isEqualTo(-1);
        }
        assertThat(remoteCopies(bucket)).hasSize(4);

        restoreForAWhile(bucket, "plain", plain, after);

        sleepUntil(written.plus(DAY.multipliedBy(expireDays)));
        scanUntil("everything expired", () -> s3.listObjectsV2(b -> b.bucket(bucket)).contents().isEmpty());
        TieringChecks.await("the remote copies deleted", TIMEOUT, () -> remoteCopies(bucket).isEmpty());
        assertThat(TieringChecks.localFiles(server)).isEqualTo(after);
    }

    /**
     * RestoreObject while the remote hangs: 202 and ongoing; then done, and GET is served here even though the
     * remote hangs again; when the restore expires the local copy goes and reads go to the tier again.
     */
    private void restoreForAWhile(String bucket, String key, byte[] data, long files) throws Exception {
        pauseRemote();
        try {
            assertThat(s3.restoreObject(b -> b.bucket(bucket).key(key).restoreRequest(r -> r.days(3)))
                    .sdkHttpResponse().statusCode()).isEqualTo(202);
            assertThat(s3.headObject(b -> b.bucket(bucket).key(key)).restore())
                    .isEqualTo("ongoing-request=\"true\"");
            s3Error(() -> s3.restoreObject(b -> b.bucket(bucket).key(key).restoreRequest(r -> r.days(3))), 409,
                    "RestoreAlreadyInProgress");
        } finally {
            resumeRemote();
        }
        TieringChecks.await("restore done", TIMEOUT, () -> String.valueOf(s3.headObject(b -> b.bucket(bucket)
                .key(key)).restore()).startsWith("ongoing-request=\"false\", expiry-date=\""));
        assertThat(s3.headObject(b -> b.bucket(bucket).key(key)).storageClassAsString()).isEqualTo(tier());
        assertThat(TieringChecks.localFiles(server)).as("the restored copy").isEqualTo(files + 1);
        pauseRemote();
        try (S3Client impatient = server.client(b -> b.overrideConfiguration(o -> o
                .apiCallTimeout(Duration.ofSeconds(20)).retryStrategy(r -> r.maxAttempts(1))))) {
            TieringChecks.assertReadsBack(impatient, bucket, key, data, NOTHING);
        } finally {
            resumeRemote();
        }
        TieringChecks.await("the restored copy expired", TIMEOUT,
                () -> s3.headObject(b -> b.bucket(bucket).key(key)).restore() == null);
        assertThat(TieringChecks.localFiles(server)).isEqualTo(files);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray()).isEqualTo(data);
    }

    @Test
    void versionedBucketsMoveOldVersionsFirstThenTheNewestAndExpireThemAll() throws Exception {
        String bucket = bucket("e2e-versioned", true);
        int currentDays = 3;
        int expireDays = 6;
        putLifecycle(bucket, rule()
                .transitions(Transition.builder().days(currentDays).storageClass(tier()).build())
                .noncurrentVersionTransitions(NoncurrentVersionTransition.builder().noncurrentDays(1)
                        .storageClass(tier()).build())
                .expiration(e -> e.days(expireDays))
                .noncurrentVersionExpiration(n -> n.noncurrentDays(expireDays)).build());
        byte[] v1 = randomBytes(300 * 1024, 11);
        byte[] v2 = marked(randomBytes(300 * 1024, 12));
        byte[] v3 = randomBytes(300 * 1024, 13);
        String id1 = s3.putObject(b -> b.bucket(bucket).key("doc"), RequestBody.fromBytes(v1)).versionId();
        String id2 = s3.putObject(b -> b.bucket(bucket).key("doc").serverSideEncryption(
                ServerSideEncryption.AES256), RequestBody.fromBytes(v2)).versionId();
        String id3 = s3.putObject(b -> b.bucket(bucket).key("doc"), RequestBody.fromBytes(v3)).versionId();
        Instant written = Instant.now();

        sleepUntil(written.plus(DAY));
        scanUntil("the noncurrent versions moved", () -> tier().equals(storageClass(bucket, "doc", id1))
                && tier().equals(storageClass(bucket, "doc", id2)));
        assertThat(storageClass(bucket, "doc", id3)).as("the newest is not due yet").isNull();
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).versions())
                .extracting(ObjectVersion::versionId, ObjectVersion::storageClassAsString)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(id3, "STANDARD"),
                        org.assertj.core.groups.Tuple.tuple(id2, tier()),
                        org.assertj.core.groups.Tuple.tuple(id1, tier()));
        TieringChecks.assertReadsBack(s3, bucket, "doc", v1, b -> b.versionId(id1));
        TieringChecks.assertReadsBack(s3, bucket, "doc", v2, b -> b.versionId(id2));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("doc")).asByteArray()).isEqualTo(v3);
        assertThat(remoteCopies(bucket)).hasSize(2);
        List<byte[]> remote = remoteCopies(bucket).keySet().stream().map(this::remoteBytes).toList();
        assertThat(remote).anySatisfy(r -> assertThat(r).isEqualTo(v1))
                .allSatisfy(r -> assertThat(TieringChecks.indexOf(r, MARKER)).isEqualTo(-1));

        sleepUntil(written.plus(DAY.multipliedBy(currentDays)));
        scanUntil("the newest version moved", () -> tier().equals(storageClass(bucket, "doc", id3)));
        assertThat(s3.headObject(b -> b.bucket(bucket).key("doc")).storageClassAsString()).isEqualTo(tier());
        TieringChecks.assertReadsBack(s3, bucket, "doc", v3, NOTHING);
        assertThat(remoteCopies(bucket)).hasSize(3);

        // Expiration puts a delete marker on top and removes the old versions; their copies go.
        sleepUntil(written.plus(DAY.multipliedBy(expireDays)));
        scanUntil("expired", () -> s3.listObjectVersions(b -> b.bucket(bucket)).versions().size() == 1);
        Instant marked = Instant.now();
        s3Error(() -> s3.headObject(b -> b.bucket(bucket).key("doc")), 404, null);
        assertThat(s3.listObjectVersions(b -> b.bucket(bucket)).deleteMarkers()).hasSize(1);
        TieringChecks.await("the old versions' copies deleted", TIMEOUT, () -> remoteCopies(bucket).size() == 1);
        assertThat(remoteBytes(remoteCopies(bucket).keySet().iterator().next())).isEqualTo(v3);
        TieringChecks.assertReadsBack(s3, bucket, "doc", v3, b -> b.versionId(id3));

        // The last version, noncurrent since the marker, expires in its turn.
        sleepUntil(marked.plus(DAY.multipliedBy(expireDays)));
        scanUntil("the last version expired", () -> s3.listObjectVersions(b -> b.bucket(bucket)).versions()
                .isEmpty());
        TieringChecks.await("its copy deleted", TIMEOUT, () -> remoteCopies(bucket).isEmpty());
    }

    // ---- helpers for the scenarios and the subclasses ----

    static String bucket(String hint, boolean versioned) {
        String name = uniqueBucketName(hint);
        s3.createBucket(b -> b.bucket(name));
        if (versioned) {
            s3.putBucketVersioning(b -> b.bucket(name).versioningConfiguration(c -> c.status("Enabled")));
        }
        return name;
    }

    static LifecycleRule.Builder rule() {
        return LifecycleRule.builder().id("e2e").status(ExpirationStatus.ENABLED)
                .filter(LifecycleRuleFilter.builder().build());
    }

    static void putLifecycle(String bucket, LifecycleRule rule) {
        s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(rule)));
    }

    /** One scanner pass, as {@code POST /_cairn/admin/lifecycle/scan}; a pass moving a large object takes a while. */
    static JsonNode scan() {
        RawRequest.Prepared signed = RawRequest.of(server.port(), "POST", "/_cairn/admin/lifecycle/scan").prepare();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.endpoint()
                        + "/_cairn/admin/lifecycle/scan"))
                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.noBody());
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
            assertThat(report.get("failures").asLong()).as("failed actions in %s", report).isZero();
            return report;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs passes until the condition holds (a tier backing off after a failure needs a later pass). */
    static void scanUntil(String what, BooleanSupplier condition) {
        TieringChecks.await(what, TIMEOUT, () -> {
            scan();
            return condition.getAsBoolean();
        });
    }

    /** Sleeps until a little after {@code due} (rules count from Last-Modified, which is before the time taken). */
    static void sleepUntil(Instant due) throws InterruptedException {
        long millis = Duration.between(Instant.now(), due).toMillis() + 300;
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    static String storageClass(String bucket, String key, String versionId) {
        return s3.headObject(b -> b.bucket(bucket).key(key).versionId(versionId)).storageClassAsString();
    }

    /** The remote copies of a bucket's versions, key to size. */
    Map<String, Long> remoteCopies(String bucket) {
        String start = PREFIX + bucketId(bucket) + "/";
        return remoteObjects().entrySet().stream().filter(e -> e.getKey().startsWith(start))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The one remote copy of the object {@code key}: copies of a key share the hash of the key in their name. */
    String onlyCopy(String bucket, String key) {
        String start = PREFIX + bucketId(bucket) + "/" + keyHash(key) + "/";
        List<String> copies = remoteObjects().keySet().stream().filter(k -> k.startsWith(start)).toList();
        assertThat(copies).as("remote copies of %s", key).hasSize(1);
        return copies.getFirst();
    }

    static long bucketId(String bucket) {
        return server.metadata().bucket(bucket).orElseThrow().id();
    }

    private static String keyHash(String key) {
        byte[] hash = Digests.sha256().digest(key.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hash, 0, 16);
    }

    /** What an SSE object of that size takes stored: header, packages of 64 KiB, a 16-byte tag each. */
    static long sealedSize(long plaintext) {
        return 16 + plaintext + 16 * Math.max(1, (plaintext + PKG - 1) / PKG);
    }

    /** The content with the plaintext marker written into it, so a plaintext copy anywhere can be found. */
    static byte[] marked(byte[] data) {
        System.arraycopy(MARKER, 0, data, 100, MARKER.length);
        return data;
    }

    /** Uploads {@link #PART_SIZES} as a multipart object (SSE-S3 when asked); returns its content. */
    static byte[] multipart(String bucket, String key, boolean encrypted, long seed) {
        String uploadId = s3.createMultipartUpload(b -> {
            b.bucket(bucket).key(key);
            if (encrypted) {
                b.serverSideEncryption(ServerSideEncryption.AES256);
            }
        }).uploadId();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<CompletedPart> parts = new ArrayList<>();
        for (int i = 0; i < PART_SIZES.length; i++) {
            byte[] part = randomBytes(PART_SIZES[i], seed * 100 + i);
            if (i == 1) {
                marked(part);
            }
            all.writeBytes(part);
            int n = i + 1;
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(n),
                    RequestBody.fromBytes(part)).eTag();
            parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
        return all.toByteArray();
    }

    /** Ranges across each part boundary, and one across three parts. */
    static void assertAcrossPartBoundaries(String bucket, String key, byte[] data) {
        long boundary = 0;
        for (int i = 0; i < PART_SIZES.length - 1; i++) {
            boundary += PART_SIZES[i];
            TieringChecks.assertRange(s3, bucket, key, data, boundary - 3, Math.min(boundary + 2, data.length - 1),
                    NOTHING);
        }
        TieringChecks.assertRange(s3, bucket, key, data, PART_SIZES[0] - 10, data.length - 1, NOTHING);
    }
}
