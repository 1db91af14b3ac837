package io.cairn.conformance;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /_cairn/metrics}: a scripted mix of requests through the SDK (success, 404, 403 SignatureDoesNotMatch,
 * listing, delete, multipart) must move the request counters by exactly the requests made, per operation and
 * status and per error code; fill the latency histogram; move the byte counters by exactly the body bytes on the
 * wire. Per-bucket object and byte gauges follow overwrites, versions, multipart completions and deletes; RocksDB
 * statistics are there. The bearer token is enforced when configured, and CAIRN_METRICS=off turns the endpoint off.
 */
class MetricsTest extends ConformanceTestBase {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static WireRecorder wire;
    private static S3Client recorded;

    @BeforeAll
    static void recordingClient() {
        wire = new WireRecorder();
        recorded = server.client(b -> b.overrideConfiguration(o -> o
                .retryStrategy(DefaultRetryStrategy.doNotRetry())
                .addExecutionInterceptor(wire)));
    }

    @Test
    void requestCountersMoveByExactlyTheRequestsMade() {
        String bucket = createBucket("metrics");
        PrometheusText before = scrape(server, null);
        wire.clear();

        byte[] small = randomBytes(1000, 1);
        recorded.putObject(b -> b.bucket(bucket).key("a"), RequestBody.fromBytes(small));
        recorded.getObjectAsBytes(b -> b.bucket(bucket).key("a"));
        recorded.headObject(b -> b.bucket(bucket).key("a"));
        s3Error(() -> recorded.getObjectAsBytes(b -> b.bucket(bucket).key("missing")), 404, "NoSuchKey");
        try (S3Client wrongSecret = server.client(b -> b
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(CairnTestServer.ACCESS_KEY, "not-the-secret")))
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())
                        .addExecutionInterceptor(wire)))) {
            s3Error(() -> wrongSecret.getObjectAsBytes(b -> b.bucket(bucket).key("a")), 403, "SignatureDoesNotMatch");
        }
        recorded.listObjectsV2(b -> b.bucket(bucket));
        recorded.deleteObject(b -> b.bucket(bucket).key("a"));
        String uploadId = recorded.createMultipartUpload(b -> b.bucket(bucket).key("mp")).uploadId();
        byte[] part1 = randomBytes(5 * 1024 * 1024, 2);
        byte[] part2 = randomBytes(3000, 3);
        String e1 = recorded.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(part1)).eTag();
        String e2 = recorded.uploadPart(b -> b.bucket(bucket).key("mp").uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(part2)).eTag();
        recorded.completeMultipartUpload(b -> b.bucket(bucket).key("mp").uploadId(uploadId).multipartUpload(m -> m
                .parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build())));
        recorded.getObjectAsBytes(b -> b.bucket(bucket).key("mp"));

        PrometheusText after = scrape(server, null);
        List<WireRecorder.Call> calls = wire.calls();
        assertThat(calls).hasSize(12);

        // Requests by operation and status: exactly the calls made, and nothing else moved.
        Map<Map<String, String>, Double> expected = new HashMap<>();
        for (WireRecorder.Call c : calls) {
            expected.merge(PrometheusText.labels("operation", c.operation(), "status", Integer.toString(c.status())),
                    1.0, Double::sum);
        }
        assertThat(expected).containsEntry(PrometheusText.labels("operation", "GetObject", "status", "200"), 2.0)
                .containsEntry(PrometheusText.labels("operation", "GetObject", "status", "404"), 1.0)
                .containsEntry(PrometheusText.labels("operation", "GetObject", "status", "403"), 1.0)
                .containsEntry(PrometheusText.labels("operation", "DeleteObject", "status", "204"), 1.0)
                .containsEntry(PrometheusText.labels("operation", "UploadPart", "status", "200"), 2.0);
        assertThat(deltas(before, after, "cairn_s3_requests_total")).isEqualTo(expected);

        // Errors by code.
        assertThat(deltas(before, after, "cairn_s3_errors_total")).isEqualTo(Map.of(
                PrometheusText.labels("code", "NoSuchKey"), 1.0,
                PrometheusText.labels("code", "SignatureDoesNotMatch"), 1.0));

        // Latency histogram: every request in _count and in the +Inf bucket, buckets cumulative, time in _sum.
        Map<String, Long> perOperation = new TreeMap<>();
        calls.forEach(c -> perOperation.merge(c.operation(), 1L, Long::sum));
        perOperation.forEach((op, n) -> {
            String h = "cairn_s3_request_duration_seconds";
            assertThat(delta(before, after, h + "_count", "operation", op)).as("%s count", op).isEqualTo((double) n);
            assertThat(delta(before, after, h + "_bucket", "operation", op, "le", "+Inf")).as(op).isEqualTo((double) n);
            assertThat(delta(before, after, h + "_bucket", "operation", op, "le", "60.0")).as(op).isEqualTo((double) n);
            assertThat(delta(before, after, h + "_sum", "operation", op)).as("%s sum", op).isPositive();
            double previous = 0;
            for (String le : List.of("0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0",
                    "2.5", "5.0", "10.0", "30.0", "60.0")) {
                double count = after.value(h + "_bucket", "operation", op, "le", le);
                assertThat(after.series(h + "_bucket")).as("bucket le=%s of %s", le, op)
                        .containsKey(PrometheusText.labels("operation", op, "le", le));
                assertThat(count).as("cumulative at le=%s for %s", le, op).isGreaterThanOrEqualTo(previous);
                previous = count;
            }
        });

        // Body bytes: what the wire carried, per operation.
        Map<String, Long> in = new TreeMap<>();
        Map<String, Long> out = new TreeMap<>();
        calls.forEach(c -> {
            in.merge(c.operation(), c.bytesIn(), Long::sum);
            out.merge(c.operation(), c.bytesOut(), Long::sum);
        });
        assertThat(in.get("UploadPart")).isGreaterThanOrEqualTo(part1.length + part2.length);
        assertThat(out.get("GetObject")).isGreaterThan(small.length + part1.length + part2.length);
        perOperation.keySet().forEach(op -> {
            assertThat(delta(before, after, "cairn_s3_received_bytes_total", "operation", op)).as("received by %s", op)
                    .isEqualTo((double) in.get(op));
            assertThat(delta(before, after, "cairn_s3_sent_bytes_total", "operation", op)).as("sent by %s", op)
                    .isEqualTo((double) out.get(op));
        });
    }

    @Test
    void bucketGaugesFollowOverwritesVersionsMultipartAndDeletes() {
        String plain = createBucket("usage-plain");
        assertUsage(plain, 0, 0);
        put(plain, "a", randomBytes(100, 1));
        put(plain, "b", randomBytes(200, 2));
        put(plain, "a", randomBytes(150, 3));
        assertUsage(plain, 2, 350);
        s3.copyObject(b -> b.sourceBucket(plain).sourceKey("b").destinationBucket(plain).destinationKey("c"));
        assertUsage(plain, 3, 550);
        s3.deleteObject(b -> b.bucket(plain).key("b"));
        assertUsage(plain, 2, 350);
        s3.deleteObjects(b -> b.bucket(plain).delete(d -> d.objects(ObjectIdentifier.builder().key("a").build(),
                ObjectIdentifier.builder().key("c").build(), ObjectIdentifier.builder().key("never-there").build())));
        assertUsage(plain, 0, 0);

        String versioned = createBucket("usage-versioned");
        s3.putBucketVersioning(b -> b.bucket(versioned).versioningConfiguration(v -> v.status("Enabled")));
        String first = s3.putObject(b -> b.bucket(versioned).key("k"), RequestBody.fromBytes(randomBytes(10, 4)))
                .versionId();
        put(versioned, "k", randomBytes(20, 5));
        s3.deleteObject(b -> b.bucket(versioned).key("k"));
        assertUsage(versioned, 2, 30);
        s3.deleteObject(b -> b.bucket(versioned).key("k").versionId(first));
        assertUsage(versioned, 1, 20);
        String uploadId = s3.createMultipartUpload(b -> b.bucket(versioned).key("mp")).uploadId();
        String e1 = s3.uploadPart(b -> b.bucket(versioned).key("mp").uploadId(uploadId).partNumber(1),
                RequestBody.fromBytes(randomBytes(5 * 1024 * 1024, 6))).eTag();
        String e2 = s3.uploadPart(b -> b.bucket(versioned).key("mp").uploadId(uploadId).partNumber(2),
                RequestBody.fromBytes(randomBytes(3000, 7))).eTag();
        assertUsage(versioned, 1, 20);
        s3.completeMultipartUpload(b -> b.bucket(versioned).key("mp").uploadId(uploadId).multipartUpload(m -> m
                .parts(CompletedPart.builder().partNumber(1).eTag(e1).build(),
                        CompletedPart.builder().partNumber(2).eTag(e2).build())));
        assertUsage(versioned, 2, 20 + 5 * 1024 * 1024 + 3000);

        s3.deleteBucket(b -> b.bucket(plain));
        assertThat(scrape(server, null).series("cairn_bucket_objects")).doesNotContainKey(
                PrometheusText.labels("bucket", plain));
    }

    private static void assertUsage(String bucket, long objects, long bytes) {
        PrometheusText m = scrape(server, null);
        assertThat(m.value("cairn_bucket_objects", "bucket", bucket)).as("objects in %s", bucket)
                .isEqualTo((double) objects);
        assertThat(m.value("cairn_bucket_size_bytes", "bucket", bucket)).as("bytes in %s", bucket)
                .isEqualTo((double) bytes);
        assertThat(m.series("cairn_bucket_objects")).containsKey(PrometheusText.labels("bucket", bucket));
    }

    @Test
    void rocksDbStatisticsAreExposed() {
        PrometheusText m = scrape(server, null);
        assertThat(m.value("cairn_rocksdb_estimated_keys")).isPositive();
        assertThat(m.hasName("cairn_rocksdb_sst_files_size_bytes")).isTrue();
        assertThat(m.value("cairn_rocksdb_block_cache_usage_bytes")).isGreaterThanOrEqualTo(0);
    }

    @Test
    void scannerAndTieringProgressAreExposed() {
        PrometheusText before = scrape(server, null);
        RawHttp.Response scan = RawRequest.of(server.port(), "POST", "/_cairn/admin/lifecycle/scan").send();
        assertThat(scan.status()).as(scan.bodyText()).isEqualTo(200);
        PrometheusText after = scrape(server, null);
        assertThat(delta(before, after, "cairn_lifecycle_passes_total")).isEqualTo(1.0);
        assertThat(after.series("cairn_lifecycle_actions_total")).containsKeys(
                PrometheusText.labels("action", "expired"), PrometheusText.labels("action", "transition"),
                PrometheusText.labels("action", "failed"));
        assertThat(after.hasName("cairn_lifecycle_examined_total")).isTrue();
        assertThat(after.value("cairn_tier_transitions_total")).isZero();
        assertThat(after.hasName("cairn_tier_transitioned_bytes_total")).isTrue();
        assertThat(after.hasName("cairn_tier_call_failures_total")).isTrue();
    }

    @Test
    void scrapesAndHealthChecksAreNotCountedAsS3Requests() throws Exception {
        PrometheusText first = scrape(server, null);
        HTTP.send(HttpRequest.newBuilder(server.endpoint().resolve("/_cairn/health/live")).build(),
                HttpResponse.BodyHandlers.discarding());
        PrometheusText second = scrape(server, null);
        assertThat(second.series("cairn_s3_requests_total")).isEqualTo(first.series("cairn_s3_requests_total"));
        // The scrape in progress is in flight.
        assertThat(second.value("cairn_s3_requests_in_flight")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void jvmAndProcessMetricsAreExposed() {
        PrometheusText m = scrape(server, null);
        assertThat(m.hasName("jvm_memory_used_bytes")).isTrue();
        assertThat(m.hasName("jvm_threads_live_threads")).isTrue();
        assertThat(m.hasName("process_uptime_seconds")).isTrue();
        assertThat(m.hasName("system_cpu_count")).isTrue();
    }

    @Test
    void bearerTokenIsRequiredWhenConfigured() throws Exception {
        Map<String, String> env = Map.of("CAIRN_METRICS_TOKEN", "scrape-token-123");
        try (CairnTestServer guarded = CairnTestServer.start(c -> c, env)) {
            URI uri = guarded.endpoint().resolve("/_cairn/metrics");
            HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(uri).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                    .startsWith("Bearer"));
            assertThat(none.body()).contains("<Code>Unauthorized</Code>").doesNotContain("scrape-token-123");

            HttpResponse<String> basic = HTTP.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Basic c2NyYXBlOnRva2Vu").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(basic.statusCode()).isEqualTo(401);

            HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer scrape-token-124").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wrong.statusCode()).isEqualTo(403);
            assertThat(wrong.body()).contains("<Code>AccessDenied</Code>");

            PrometheusText ok = scrape(guarded, "scrape-token-123");
            assertThat(ok.hasName("jvm_memory_used_bytes")).isTrue();

            HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(uri)
                    .header("Authorization", "Bearer scrape-token-123")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void metricsOffMeansNoEndpointAndS3StillWorks() throws Exception {
        try (CairnTestServer off = CairnTestServer.start(c -> c, Map.of("CAIRN_METRICS", "off"));
             S3Client client = off.client()) {
            client.createBucket(b -> b.bucket("metrics-off"));
            client.putObject(b -> b.bucket("metrics-off").key("k"), RequestBody.fromString("x"));
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(off.endpoint().resolve("/_cairn/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("<Code>NoSuchKey</Code>");
        }
    }

    @Test
    void recordingCanBePausedAndResumedByTheRoot() throws Exception {
        try (CairnTestServer own = CairnTestServer.start(c -> c, Map.of());
             S3Client client = own.client()) {
            client.createBucket(b -> b.bucket("paused"));
            assertThat(AdminCli.root(own, "metrics", "status").out()).contains("\"recording\":true");
            PrometheusText before = scrape(own, null);

            AdminCli pause = AdminCli.root(own, "metrics", "pause");
            assertThat(pause.status()).as(pause.err()).isZero();
            assertThat(pause.out()).contains("\"recording\":false");
            client.putObject(b -> b.bucket("paused").key("k"), RequestBody.fromString("x"));
            client.headObject(b -> b.bucket("paused").key("k"));
            PrometheusText paused = scrape(own, null);
            assertThat(deltas(before, paused, "cairn_s3_requests_total")).isEmpty();
            assertThat(deltas(before, paused, "cairn_s3_request_duration_seconds_count")).isEmpty();

            assertThat(AdminCli.root(own, "metrics", "resume").out()).contains("\"recording\":true");
            client.headObject(b -> b.bucket("paused").key("k"));
            assertThat(deltas(paused, scrape(own, null), "cairn_s3_requests_total"))
                    .isEqualTo(Map.of(Map.of("operation", "HeadObject", "status", "200"), 1.0));

            // Unsigned, it is refused like every admin call; metrics off, there is nothing to pause.
            HttpResponse<String> unsigned = HTTP.send(HttpRequest.newBuilder(own.endpoint()
                    .resolve("/_cairn/admin/metrics?recording=off")).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unsigned.statusCode()).isEqualTo(403);
            assertThat(AdminCli.root(own, "metrics", "status").out()).contains("\"recording\":true");
        }
        try (CairnTestServer off = CairnTestServer.start(c -> c, Map.of("CAIRN_METRICS", "off"))) {
            AdminCli refused = AdminCli.root(off, "metrics", "pause");
            assertThat(refused.status()).isEqualTo(1);
            assertThat(refused.err()).contains("InvalidRequest").contains("CAIRN_METRICS=off");
        }
    }

    /** GET /_cairn/metrics (with the bearer token when given), asserting 200 and the text format. */
    static PrometheusText scrape(CairnTestServer target, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(target.endpoint().resolve("/_cairn/metrics"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                    .startsWith("text/plain; version=0.0.4"));
            return PrometheusText.parse(r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The change of every series of {@code name} that changed. */
    static Map<Map<String, String>, Double> deltas(PrometheusText before, PrometheusText after, String name) {
        Map<Map<String, String>, Double> changed = new HashMap<>();
        Map<Map<String, String>, Double> old = before.series(name);
        after.series(name).forEach((labels, v) -> {
            double d = v - old.getOrDefault(labels, 0.0);
            if (d != 0) {
                changed.put(labels, d);
            }
        });
        return changed;
    }

    static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
