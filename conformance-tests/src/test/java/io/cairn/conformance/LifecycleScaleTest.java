package io.cairn.conformance;

import io.cairn.meta.MetadataException;
import io.cairn.meta.ObjectVersion;
import io.cairn.meta.RocksMetadataStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.Tag;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle scanner at scale (minutes; runs only with {@code -Dcairn.bigtests=true}): 1,000,000 small objects,
 * every tenth tagged for a rule that is due, written straight into the metadata store before a separate server
 * process with a 256 MiB heap starts. One pass at the default rate (5,000 entries a second) must expire exactly the
 * tagged tenth without running out of memory, while small GETs measured before and during the pass show what the
 * scanner costs clients. {@code -Dcairn.scale.objects=N} runs it smaller.
 */
@EnabledIfSystemProperty(named = "cairn.bigtests", matches = "true")
class LifecycleScaleTest {
    private static final int OBJECTS = Integer.getInteger("cairn.scale.objects", 1_000_000);
    private static final int EVERY = 10;
    private static final String BUCKET = "scale";
    private static final int CLIENTS = 4;
    private static final Duration MEASURE = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    @Test
    void onePassExpiresTheSelectedTenthInBoundedMemoryWhileGetsGoOn() throws Exception {
        Path data = tmp.resolve("data");
        long t0 = System.nanoTime();
        populate(data);
        long populateSeconds = (System.nanoTime() - t0) / 1_000_000_000;

        try (ServerProcess server = ServerProcess.start(data, List.of("-Xmx256m"),
                Map.of("CAIRN_SCANNER_INTERVAL_SECONDS", "86400"));
             S3Client client = server.client()) {
            client.putBucketLifecycleConfiguration(b -> b.bucket(BUCKET).lifecycleConfiguration(c -> c.rules(r -> r
                    .id("tagged").status(ExpirationStatus.ENABLED)
                    .filter(LifecycleRuleFilter.fromTag(Tag.builder().key("lifecycle").value("expire").build()))
                    .expiration(e -> e.days(1)))));

            measureGets(client, Duration.ofSeconds(15)); // warm-up: JIT of server and client
            Latency idle = measureGets(client, MEASURE);
            long p0 = System.nanoTime();
            CompletableFuture<String> pass = CompletableFuture.supplyAsync(() -> scan(server.port()));
            Thread.sleep(5_000);
            Latency busy = measureGets(client, MEASURE);
            assertThat(pass).as("the pass is still running while GETs are measured").isNotDone();
            String report = pass.get(60, TimeUnit.MINUTES);
            long passSeconds = (System.nanoTime() - p0) / 1_000_000_000;

            assertThat(count(report, "examined")).isEqualTo(OBJECTS);
            assertThat(count(report, "expired")).isEqualTo(OBJECTS / EVERY);
            assertThat(count(report, "failures")).isZero();
            for (int i = 0; i < 50; i++) {
                int n = i * (OBJECTS / 50);
                if (n % EVERY == 0) {
                    s3Missing(client, key(n));
                } else {
                    assertThat(client.headObject(b -> b.bucket(BUCKET).key(key(n))).contentLength()).isEqualTo(100);
                }
            }
            assertThat(server.isAlive()).isTrue();
            assertThat(server.log()).doesNotContain("OutOfMemoryError");
            System.out.printf("lifecycle scale: %,d objects written in %d s; pass %d s (%s)%n", OBJECTS,
                    populateSeconds, passSeconds, report);
            System.out.printf("small GET, %d clients, no pass:     %s%n", CLIENTS, idle);
            System.out.printf("small GET, %d clients, during pass: %s%n", CLIENTS, busy);
        }
    }

    private static String key(int n) {
        return "obj/%07d".formatted(n);
    }

    /** Writes the objects straight into the store the server will open: every tenth tagged, all three days old. */
    private static void populate(Path data) throws Exception {
        Instant old = Instant.now().minus(Duration.ofDays(3));
        byte[] content = new byte[100];
        try (RocksMetadataStore store = RocksMetadataStore.open(data.resolve(".cairn").resolve("meta"))) {
            store.createBucket(BUCKET, "us-east-1", CairnTestServer.ACCESS_KEY, old);
            // Each commit is synced: many writers let RocksDB group them.
            ExecutorService pool = Executors.newFixedThreadPool(32);
            try {
                List<Future<?>> slices = new ArrayList<>();
                int slice = OBJECTS / 32 + 1;
                for (int from = 0; from < OBJECTS; from += slice) {
                    int start = from;
                    int end = Math.min(OBJECTS, from + slice);
                    slices.add(pool.submit(() -> {
                        for (int n = start; n < end; n++) {
                            Map<String, String> tags = n % EVERY == 0 ? Map.of("lifecycle", "expire") : Map.of();
                            store.putObject(BUCKET, new ObjectVersion(key(n), ObjectVersion.NULL_VERSION, false,
                                    content.length, "6d0bb00954ceb7fbee436bb55a8397a9", old,
                                    Map.of("content-type", "application/octet-stream"), Map.of(), null, content,
                                    CairnTestServer.ACCESS_KEY, List.of(), Map.of(), tags, Map.of()), v -> true);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : slices) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        } catch (MetadataException e) {
            throw new IllegalStateException(e);
        }
    }

    record Latency(long requests, double perSecond, double p50Millis, double p99Millis) {
        @Override
        public String toString() {
            return "%,d GETs, %.0f/s, p50 %.2f ms, p99 %.2f ms".formatted(requests, perSecond, p50Millis, p99Millis);
        }
    }

    /** CLIENTS closed loops of GETs of random objects the rule does not select. */
    private static Latency measureGets(S3Client client, Duration time) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            long end = System.nanoTime() + time.toNanos();
            List<Future<long[]>> loops = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                loops.add(pool.submit(() -> {
                    long[] nanos = new long[1 << 20];
                    int n = 0;
                    while (System.nanoTime() < end && n < nanos.length) {
                        int k = ThreadLocalRandom.current().nextInt(OBJECTS);
                        int kept = k % EVERY == 0 ? k + 1 : k;
                        long s = System.nanoTime();
                        client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key(Math.min(kept, OBJECTS - 1))));
                        nanos[n++] = System.nanoTime() - s;
                    }
                    return Arrays.copyOf(nanos, n);
                }));
            }
            long[] all = new long[0];
            for (Future<long[]> f : loops) {
                long[] part = f.get();
                long[] merged = Arrays.copyOf(all, all.length + part.length);
                System.arraycopy(part, 0, merged, all.length, part.length);
                all = merged;
            }
            Arrays.sort(all);
            return new Latency(all.length, all.length / (double) time.toSeconds(),
                    all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void s3Missing(S3Client client, String key) {
        ConformanceTestBase.s3Error(() -> client.headObject(b -> b.bucket(BUCKET).key(key)), 404, null);
    }

    /** POST lifecycle/scan: answers when the pass ends, minutes later, so without RawHttp's read timeout. */
    private static String scan(int port) {
        RawRequest.Prepared p = RawRequest.of(port, "POST", "/_cairn/admin/lifecycle/scan").prepare();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), RawHttp.TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(p.head());
            out.flush();
            RawHttp.Response r = RawHttp.read(socket.getInputStream(), false);
            assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
            return r.bodyText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long count(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as(json).isTrue();
        return Long.parseLong(m.group(1));
    }
}
