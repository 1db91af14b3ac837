package io.cairn.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.Transition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.cairn.conformance.ConformanceTestBase.uniqueBucketName;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TieringEndToEndBase}'s round trips with a second Cairn, in its own process and data directory, as the S3
 * remote tier; and that remote killed while a 200 MiB transition streams to it.
 */
class TieringS3EndToEndTest extends TieringEndToEndBase {
    private static final String TIER = "E2E-S3";
    private static final long BIG = 200L * 1024 * 1024;
    /** S3Tier's multipart part size: the remote copy of the big object is made of parts of this size. */
    private static final long REMOTE_PART = 8L * 1024 * 1024;

    private static Path remoteHome;
    private static ServerProcess remote;
    private static S3Client remoteS3;
    private static String remoteBucket;

    @BeforeAll
    static void startRemote() throws Exception {
        remoteHome = Files.createTempDirectory("cairn-e2e-remote-");
        remote = ServerProcess.start(remoteHome.resolve("data"), List.of("-Xmx256m"));
        remoteS3 = remote.client();
        remoteBucket = uniqueBucketName("e2e-remote");
        remoteS3.createBucket(b -> b.bucket(remoteBucket));
        Map<String, String> definition = new HashMap<>();
        definition.put("name", TIER);
        definition.put("type", "s3");
        definition.put("endpoint", remote.endpoint().toString());
        definition.put("region", "us-east-1");
        definition.put("bucket", remoteBucket);
        definition.put("prefix", PREFIX);
        definition.put("pathStyle", "true");
        definition.put("accessKey", CairnTestServer.ACCESS_KEY);
        definition.put("secretKey", CairnTestServer.SECRET_KEY);
        RawHttp.Response defined = admin.define(definition);
        assertThat(defined.status()).as(defined.bodyText()).isEqualTo(200);
    }

    @AfterAll
    static void stopRemote() throws IOException {
        if (remoteS3 != null) {
            remoteS3.close();
        }
        if (remote != null) {
            remote.close();
        }
        if (remoteHome != null) {
            try (Stream<Path> files = Files.walk(remoteHome)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Override
    String tier() {
        return TIER;
    }

    @Override
    Map<String, Long> remoteObjects() {
        return remoteS3.listObjectsV2Paginator(b -> b.bucket(remoteBucket).prefix(PREFIX)).contents().stream()
                .collect(Collectors.toMap(S3Object::key, S3Object::size));
    }

    @Override
    byte[] remoteBytes(String key) {
        return remoteS3.getObjectAsBytes(b -> b.bucket(remoteBucket).key(key)).asByteArray();
    }

    @Override
    void pauseRemote() throws Exception {
        remote.pause();
    }

    @Override
    void resumeRemote() throws Exception {
        remote.resume();
    }

    @Test
    void aRemoteKilledMidTransitionCostsNothingAndALaterPassMovesTheObject() throws Exception {
        String bucket = bucket("e2e-big", false);
        putLifecycle(bucket, rule().transitions(Transition.builder().days(1).storageClass(TIER).build()).build());
        long seed = 2026;
        s3.putObject(b -> b.bucket(bucket).key("big"), RequestBody.fromContentProvider(
                () -> new PatternStream(seed, BIG), BIG, "application/octet-stream"));
        Instant written = Instant.now();
        String sha256 = PatternStream.sha256(seed, BIG);

        sleepUntil(written.plus(DAY));
        CompletableFuture<JsonNode> pass = CompletableFuture.supplyAsync(TieringEndToEndBase::scan);
        TieringChecks.await("the transition streaming to the remote", Duration.ofSeconds(60),
                () -> uploadUnderWay(bucket) || pass.isDone());
        assertThat(pass).as("the pass ended before the remote was killed").isNotDone();
        remote.kill();
        JsonNode report = pass.get(2, TimeUnit.MINUTES);
        assertThat(report.get("transitionsDeferred").asLong()).as(report.toString()).isPositive();

        assertThat(s3.headObject(b -> b.bucket(bucket).key("big")).storageClassAsString()).isNull();
        assertThat(sha256(bucket)).as("the object, still local").isEqualTo(sha256);

        remote = remote.restart();
        // The tier backs off after the failure; passes meanwhile leave the object alone.
        scanUntil("moved once the remote is back", () -> TIER.equals(s3.headObject(b -> b.bucket(bucket)
                .key("big")).storageClassAsString()));
        assertThat(remoteObjects().get(onlyCopy(bucket, "big"))).isEqualTo(BIG);
        assertThat(sha256(bucket)).as("the object, read through the tier").isEqualTo(sha256);
        long from = REMOTE_PART - 1000;
        byte[] across = s3.getObjectAsBytes(b -> b.bucket(bucket).key("big").range("bytes=" + from + "-"
                + (from + 2999))).asByteArray();
        assertThat(across).as("a range across a part of the remote copy")
                .isEqualTo(PatternStream.slice(seed, from, from + 3000).readAllBytes());

        s3.deleteObject(b -> b.bucket(bucket).key("big"));
        TieringChecks.await("the remote copy deleted", Duration.ofSeconds(60), () -> remoteCopies(bucket).isEmpty());
    }

    /** Whether a multipart upload of the bucket's content is open on the remote with a part stored already. */
    private static boolean uploadUnderWay(String bucket) {
        List<MultipartUpload> uploads = remoteS3.listMultipartUploads(b -> b.bucket(remoteBucket)
                .prefix(PREFIX + bucketId(bucket) + "/")).uploads();
        return uploads.stream().anyMatch(u -> !remoteS3.listParts(b -> b.bucket(remoteBucket).key(u.key())
                .uploadId(u.uploadId())).parts().isEmpty());
    }

    private static String sha256(String bucket) throws IOException {
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key("big"))) {
            return Digests.sha256(in);
        }
    }
}
