package io.cairn.conformance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills the server with SIGKILL while many uploads are in flight, restarts it on the same directory, and checks
 * that every acknowledged upload is intact, nothing partial is visible, and no temporary file survived start-up.
 */
class CrashSafetyTest {
    private static final int[] SIZES = {0, 1, 1000, 64 * 1024, 128 * 1024 + 1, 700 * 1024, 3 * 1024 * 1024};
    private static final String BUCKET = "crash";

    @TempDir
    Path tmp;

    @Test
    void acknowledgedWritesSurviveSigkill() throws Exception {
        Path data = tmp.resolve("data");
        acknowledgedWritesSurviveSigkill(() -> ServerProcess.start(data, List.of("-Xmx256m")), List.of(data));
    }

    /** The same on six drives (4+2): shards on every drive, metadata copies written by the group writer. */
    @Test
    void acknowledgedWritesSurviveSigkillOnAnErasureSet() throws Exception {
        List<Path> drives = new java.util.ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            drives.add(tmp.resolve("drive" + i));
        }
        acknowledgedWritesSurviveSigkill(() -> ServerProcess.startDrives(drives, List.of("-Xmx256m")), drives);
    }

    @FunctionalInterface
    private interface Start {
        ServerProcess start() throws Exception;
    }

    private void acknowledgedWritesSurviveSigkill(Start start, List<Path> drives) throws Exception {
        Map<String, String> attempted = new ConcurrentHashMap<>();
        Map<String, String> acknowledged = new ConcurrentHashMap<>();

        try (ServerProcess server = start.start()) {
            try (S3Client client = noRetries(server)) {
                client.createBucket(b -> b.bucket(BUCKET));
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger next = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(32);
                for (int t = 0; t < 32; t++) {
                    pool.execute(() -> {
                        while (!stop.get()) {
                            int n = next.incrementAndGet();
                            String key = "obj-" + n;
                            byte[] body = new byte[SIZES[n % SIZES.length]];
                            new Random(n).nextBytes(body);
                            String sha = Digests.sha256(body);
                            attempted.put(key, sha);
                            try {
                                client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(body));
                                acknowledged.put(key, sha);
                            } catch (RuntimeException serverGone) {
                                if (!server.isAlive()) {
                                    return;
                                }
                            }
                        }
                    });
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (acknowledged.size() < 300 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                server.kill();
                stop.set(true);
                pool.shutdown();
                assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(100);

        try (ServerProcess server = start.start();
             S3Client client = server.client()) {
            for (Path drive : drives) {
                try (Stream<Path> temps = Files.list(drive.resolve(".cairn").resolve("tmp"))) {
                    assertThat(temps).as("temporary files after start-up").isEmpty();
                }
            }
            for (Map.Entry<String, String> e : acknowledged.entrySet()) {
                try (var in = client.getObject(b -> b.bucket(BUCKET).key(e.getKey()))) {
                    assertThat(Digests.sha256(in)).as(e.getKey()).isEqualTo(e.getValue());
                }
            }
            List<S3Object> listed = client.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().toList();
            assertThat(listed.size()).isGreaterThanOrEqualTo(acknowledged.size());
            for (S3Object o : listed) {
                assertThat(attempted).as("listed key was uploaded").containsKey(o.key());
                try (var in = client.getObject(b -> b.bucket(BUCKET).key(o.key()))) {
                    assertThat(Digests.sha256(in)).as("no partial object: " + o.key())
                            .isEqualTo(attempted.get(o.key()));
                }
            }
        }
    }

    private static S3Client noRetries(ServerProcess server) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(CairnTestServer.credentials())
                .forcePathStyle(true)
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry()))
                .build();
    }
}
