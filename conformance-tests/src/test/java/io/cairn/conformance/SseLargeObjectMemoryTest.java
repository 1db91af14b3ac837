package io.cairn.conformance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Encrypted objects stream too: a server with a 256 MiB heap seals a 2 GiB PUT on the fly and decrypts it back,
 * and serves 16 concurrent encrypted GETs of 64 MiB; encrypted bodies are never held in memory.
 */
class SseLargeObjectMemoryTest {
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;
    private static final String BUCKET = "big-sse";

    @TempDir
    Path tmp;

    @Test
    void smallHeapEncryptsAndDecryptsHugeAndConcurrentObjects() throws Exception {
        try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), List.of("-Xmx256m"));
             S3Client client = server.client()) {
            client.createBucket(b -> b.bucket(BUCKET));
            client.putBucketEncryption(b -> b.bucket(BUCKET).serverSideEncryptionConfiguration(c -> c.rules(r -> r
                    .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));

            put(client, "huge", 77, 2 * GIB);
            assertThat(client.headObject(b -> b.bucket(BUCKET).key("huge")).serverSideEncryption())
                    .isEqualTo(ServerSideEncryption.AES256);
            assertThat(download(client, "huge")).isEqualTo(PatternStream.sha256(77, 2 * GIB));

            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> puts = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    int n = i;
                    puts.add(pool.submit(() -> put(client, "p-" + n, n, 64 * MIB)));
                }
                for (Future<?> f : puts) {
                    f.get();
                }
                List<Future<String>> gets = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    int n = i;
                    gets.add(pool.submit(() -> download(client, "p-" + n)));
                }
                for (int i = 0; i < 16; i++) {
                    assertThat(gets.get(i).get()).as("p-" + i).isEqualTo(PatternStream.sha256(i, 64 * MIB));
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(server.isAlive()).isTrue();
            assertThat(server.log()).doesNotContain("OutOfMemoryError");
        }
    }

    private static void put(S3Client client, String key, long seed, long length) {
        LargeObjectMemoryTest.put(client, BUCKET, key, seed, length);
    }

    private static String download(S3Client client, String key) throws java.io.IOException {
        return LargeObjectMemoryTest.download(client, BUCKET, key);
    }
}
