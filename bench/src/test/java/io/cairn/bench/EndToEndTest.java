package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.auth.RequestSigner;
import io.cairn.bench.cli.OptionParser;
import io.cairn.bench.cli.Options;
import io.cairn.bench.run.BenchResult;
import io.cairn.bench.run.BenchRunner;
import io.cairn.bench.stats.Op;
import io.cairn.bench.stats.OpSummary;
import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every scenario for about a second against a real Cairn server in-process: no errors, some operations, and
 * nothing left behind. Nothing here asserts a speed.
 */
class EndToEndTest {
    private static final String ACCESS_KEY = "BENCHTESTACCESSKEY01";
    private static final String SECRET_KEY = "benchTestSecretKey000000000000000000001";

    private static Path dir;
    private static CairnServer server;

    @BeforeAll
    static void start() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("cairn-bench-test-");
        // Small parts, so that a multipart upload of a few hundred KiB has several of them.
        server = CairnServer.start(ServerConfig.defaults(dir)
                        .withAddress(new InetSocketAddress("127.0.0.1", 0))
                        .withMinPartSize(16 * 1024),
                Map.of("CAIRN_ROOT_USER", ACCESS_KEY, "CAIRN_ROOT_PASSWORD", SECRET_KEY));
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void put() throws Exception {
        BenchResult r = run("--scenario", "put", "--size", "4KiB");

        assertClean(r, Op.PUT);
        assertThat(op(r, Op.PUT).bytes()).isEqualTo(op(r, Op.PUT).count() * 4096);
    }

    @Test
    void getWithRandomSizes() throws Exception {
        BenchResult r = run("--scenario", "get", "--size-range", "1KiB-200KiB", "--objects", "40");

        assertClean(r, Op.GET);
        assertThat(op(r, Op.GET).mibPerSecond()).isPositive();
    }

    @Test
    void stat() throws Exception {
        assertClean(run("--scenario", "stat", "--size", "1KiB", "--objects", "20"), Op.STAT);
    }

    @Test
    void delete() throws Exception {
        // No warm-up and more objects than a fast machine deletes in the window: a delete run ends when the prepared
        // objects are gone, and 200 went within the default 200 ms warm-up, leaving nothing to measure.
        assertClean(run("--scenario", "delete", "--size", "1KiB", "--objects", "1000", "--warmup", "0s"), Op.DELETE);
    }

    @Test
    void list() throws Exception {
        BenchResult r = run("--scenario", "list", "--size", "0", "--list-keys", "150", "--page", "50");

        assertClean(r, Op.LIST);
        assertThat(op(r, Op.LIST).bytes()).isPositive();
    }

    @Test
    void multipart() throws Exception {
        BenchResult r = run("--scenario", "multipart", "--size", "100KiB", "--part-size", "32KiB");

        assertClean(r, Op.MULTIPART);
        OpSummary whole = op(r, Op.MULTIPART);
        assertThat(whole.bytes()).isEqualTo(whole.count() * 100 * 1024);
        // Four parts per upload (32+32+32+4 KiB). Uploads straddle the window's edges, so the counts of the
        // steps in the window only roughly match the uploads completed in it.
        assertThat(op(r, Op.MPU_PART).count()).isGreaterThan(2 * whole.count());
        assertThat(op(r, Op.MPU_COMPLETE).count()).isCloseTo(whole.count(), org.assertj.core.data.Offset.offset(4L));
    }

    @Test
    void mixed() throws Exception {
        BenchResult r = run("--scenario", "mixed", "--size", "2KiB", "--objects", "50", "--mix",
                "get=40,stat=30,put=20,delete=10");

        assertClean(r, Op.GET, Op.STAT, Op.PUT, Op.DELETE);
    }

    @Test
    void presignedUrlsWorkUntilCleanup() throws Exception {
        Path urls = dir.resolve("urls.txt");
        Options options = options("--presign-urls", urls.toString(), "--objects", "5", "--size", "3KiB");

        String bucket = new BenchRunner(options, null).presign();
        List<String> lines = Files.readAllLines(urls);
        HttpResponse<byte[]> first = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(lines.get(0)))
                .build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(lines).hasSize(5).allMatch(l -> l.contains("X-Amz-Signature="));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).hasSize(3 * 1024);
        assertThat(listBuckets()).contains(bucket);

        Path heads = dir.resolve("heads.txt");
        String headBucket = new BenchRunner(options("--presign-urls", heads.toString(), "--presign-method", "HEAD",
                "--objects", "2", "--size", "1KiB", "--bucket", bucket), null).presign();
        HttpResponse<Void> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(Files.readAllLines(heads).get(1))).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding());

        assertThat(headBucket).isEqualTo(bucket);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("content-length")).hasValue("1024");

        long deleted = new BenchRunner(options("--cleanup", "--bucket", bucket), null).cleanupBucket();

        assertThat(deleted).isEqualTo(7);
        assertThat(listBuckets()).doesNotContain(bucket);
    }

    private static BenchResult run(String... scenarioArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--duration", "1s", "--warmup", "200ms", "--concurrency", "4"));
        args.addAll(List.of(scenarioArgs));
        BenchResult result = new BenchRunner(options(args.toArray(String[]::new)), null).run();
        assertThat(listBuckets()).doesNotContain(result.bucket());
        return result;
    }

    private static Options options(String... args) {
        List<String> all = new ArrayList<>(List.of("--endpoint", "http://127.0.0.1:" + server.port(),
                "--access-key", ACCESS_KEY, "--secret-key", SECRET_KEY, "--no-progress"));
        all.addAll(List.of(args));
        return OptionParser.parse(all.toArray(String[]::new), Map.of());
    }

    private static void assertClean(BenchResult r, Op... ops) {
        assertThat(r.summary().errorCount()).as("errors: %s", r.summary().operations()).isZero();
        for (Op o : ops) {
            assertThat(op(r, o).count()).as("%s operations", o).isPositive();
        }
        assertThat(r.summary().notes()).noneMatch(n -> n.contains("clean-up"));
        assertThat(r.summary().cpuNanos()).isPositive();
        assertThat(r.summary().seconds()).isPositive();
    }

    private static OpSummary op(BenchResult r, Op op) {
        return r.summary().operations().stream().filter(s -> s.op() == op).findFirst()
                .orElseThrow(() -> new AssertionError(op + " did not run: " + r.summary().operations()));
    }

    /** ListBuckets through the JDK's client, signed independently of the bench's own HTTP stack. */
    private static String listBuckets() throws IOException, InterruptedException {
        String host = "127.0.0.1:" + server.port();
        String date = RequestSigner.amzDate(Instant.now());
        String authorization = new RequestSigner(ACCESS_KEY, SECRET_KEY, "us-east-1").authorization("GET", "/", "",
                Map.of("host", List.of(host), "x-amz-date", List.of(date),
                        "x-amz-content-sha256", List.of(RequestSigner.EMPTY_PAYLOAD_SHA256)),
                RequestSigner.EMPTY_PAYLOAD_SHA256);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + host + "/"))
                .header("x-amz-date", date)
                .header("x-amz-content-sha256", RequestSigner.EMPTY_PAYLOAD_SHA256)
                .header("Authorization", authorization)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}
