package io.cairn.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The erasure-coded data path streams too: a server on six drives with a 256 MiB heap takes a 2 GiB PUT and
 * 24 concurrent 64 MiB PUTs and serves them back intact (one block per request in memory, never the object).
 */
class ErasureMemoryTest {
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;
    private static final int CONCURRENT = 24;
    private static final String BUCKET = "big-erasure";

    @TempDir
    Path tmp;

    @Test
    void smallHeapServesHugeAndManyConcurrentErasureCodedObjects() throws Exception {
        List<Path> drives = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            drives.add(tmp.resolve("drive" + i));
        }
        try (ServerProcess server = ServerProcess.startDrives(drives, List.of("-Xmx256m"));
             S3Client client = server.client()) {
            client.createBucket(b -> b.bucket(BUCKET));

            LargeObjectMemoryTest.put(client, BUCKET, "huge", 2424, 2 * GIB);
            assertThat(LargeObjectMemoryTest.download(client, BUCKET, "huge"))
                    .isEqualTo(PatternStream.sha256(2424, 2 * GIB));

            ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
            try {
                List<Future<?>> puts = new ArrayList<>();
                for (int i = 0; i < CONCURRENT; i++) {
                    int n = i;
                    puts.add(pool.submit(() -> LargeObjectMemoryTest.put(client, BUCKET, "many-" + n, n, 64 * MIB)));
                }
                for (Future<?> f : puts) {
                    f.get();
                }
                List<Future<String>> gets = new ArrayList<>();
                for (int i = 0; i < CONCURRENT; i++) {
                    int n = i;
                    gets.add(pool.submit(() -> LargeObjectMemoryTest.download(client, BUCKET, "many-" + n)));
                }
                for (int i = 0; i < CONCURRENT; i++) {
                    assertThat(gets.get(i).get()).as("many-" + i).isEqualTo(PatternStream.sha256(i, 64 * MIB));
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(server.isAlive()).isTrue();
            assertThat(server.log()).doesNotContain("OutOfMemoryError");
        }
    }
}
