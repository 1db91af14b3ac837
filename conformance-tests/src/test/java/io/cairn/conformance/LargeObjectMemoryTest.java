package io.cairn.conformance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server with a 256 MiB heap takes a 4 GiB PUT and 32 concurrent 128 MiB PUTs and serves them back intact:
 * object bodies stream through, they are never held in memory.
 */
class LargeObjectMemoryTest {
    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;
    private static final String BUCKET = "big";

    @TempDir
    Path tmp;

    @Test
    void smallHeapServesHugeAndManyConcurrentObjects() throws Exception {
        try (ServerProcess server = ServerProcess.start(tmp.resolve("data"), List.of("-Xmx256m"));
             S3Client client = server.client()) {
            client.createBucket(b -> b.bucket(BUCKET));

            put(client, "huge", 4242, 4 * GIB);
            assertThat(download(client, "huge")).isEqualTo(PatternStream.sha256(4242, 4 * GIB));

            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                List<Future<?>> puts = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    int n = i;
                    puts.add(pool.submit(() -> put(client, "part-" + n, n, 128 * MIB)));
                }
                for (Future<?> f : puts) {
                    f.get();
                }
                List<Future<String>> gets = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    int n = i;
                    gets.add(pool.submit(() -> download(client, "part-" + n)));
                }
                for (int i = 0; i < 32; i++) {
                    assertThat(gets.get(i).get()).as("part-" + i).isEqualTo(PatternStream.sha256(i, 128 * MIB));
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(server.isAlive()).isTrue();
            assertThat(server.log()).doesNotContain("OutOfMemoryError");
        }
    }

    private static void put(S3Client client, String key, long seed, long length) {
        put(client, BUCKET, key, seed, length);
    }

    private static String download(S3Client client, String key) throws java.io.IOException {
        return download(client, BUCKET, key);
    }

    /** PUTs {@code length} bytes of {@link PatternStream}({@code seed}), streamed. */
    static void put(S3Client client, String bucket, String key, long seed, long length) {
        client.putObject(b -> b.bucket(bucket).key(key),
                RequestBody.fromContentProvider(() -> new PatternStream(seed, length), length,
                        "application/octet-stream"));
    }

    /** The SHA-256 (hex) of an object, streamed. */
    static String download(S3Client client, String bucket, String key) throws java.io.IOException {
        try (var in = client.getObject(b -> b.bucket(bucket).key(key))) {
            return Digests.sha256(in);
        }
    }
}
