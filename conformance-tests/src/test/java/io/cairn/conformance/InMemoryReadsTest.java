package io.cairn.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.server.CairnServer;
import io.cairn.server.ServerConfig;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * GETs of small (inline) objects and HEADs whose metadata is in memory are answered on the event loop; everything
 * else, and anything whose metadata would have to be read from disk, goes to a worker as before.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InMemoryReadsTest {
    private static final int WORKERS = 2;
    private static final byte[] SMALL = "small object, stored inline".getBytes();
    private static final byte[] LARGE = largeObject();

    /** With every worker held by an upload whose body stalls, what memory can answer is still answered. */
    @Test
    void smallReadsAreAnsweredWhileEveryWorkerWaits() throws Exception {
        try (CairnTestServer server = CairnTestServer.start(c -> c.withWorkerThreads(WORKERS));
             S3Client client = server.client(b -> b.overrideConfiguration(
                     o -> o.apiCallTimeout(Duration.ofSeconds(3)).retryStrategy(r -> r.maxAttempts(1))))) {
            client.createBucket(b -> b.bucket("mem"));
            client.putObject(b -> b.bucket("mem").key("small"), RequestBody.fromBytes(SMALL));
            client.putObject(b -> b.bucket("mem").key("large"), RequestBody.fromBytes(LARGE));
            try (StalledUploads stalled = StalledUploads.start(server.port(), "mem", WORKERS)) {
                // Their heads are read and taken by the workers: a request that needs a worker now waits.
                Thread.sleep(500);
                assertThat(client.getObjectAsBytes(b -> b.bucket("mem").key("small")).asByteArray())
                        .isEqualTo(SMALL);
                assertThat(client.getObjectAsBytes(b -> b.bucket("mem").key("small").range("bytes=6-11"))
                        .asUtf8String()).isEqualTo("object");
                HeadObjectResponse head = client.headObject(b -> b.bucket("mem").key("large"));
                assertThat(head.contentLength()).isEqualTo(LARGE.length);
                assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket("mem").key("small")
                        .ifNoneMatch(head(client, "small").eTag())))
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(304));
                assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket("mem").key("missing")))
                        .isInstanceOf(NoSuchKeyException.class);
                // The large object's body is a file: opening it is the workers' job, and they are all waiting.
                assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket("mem").key("large")))
                        .isInstanceOf(ApiCallTimeoutException.class);
            }
            assertThat(client.getObjectAsBytes(b -> b.bucket("mem").key("large")).asByteArray()).isEqualTo(LARGE);
        }
    }

    /** Unsigned or wrongly signed reads are refused on the event loop exactly as on a worker. */
    @Test
    void readsAnsweredInMemoryAreAuthenticated() throws Exception {
        try (CairnTestServer server = CairnTestServer.start();
             S3Client client = server.client()) {
            client.createBucket(b -> b.bucket("mem"));
            client.putObject(b -> b.bucket("mem").key("small"), RequestBody.fromBytes(SMALL));
            assertThat(RawRequest.of(server.port(), "GET", "/mem/small").unsigned().send().status()).isEqualTo(403);
            assertThat(RawRequest.of(server.port(), "HEAD", "/mem/small").unsigned().send().status()).isEqualTo(403);
            RawHttp.Response wrong = RawRequest.of(server.port(), "GET", "/mem/small")
                    .credentials(CairnTestServer.ACCESS_KEY, "not-the-secret-key-000000000000000000000").send();
            assertThat(wrong.status()).isEqualTo(403);
            assertThat(wrong.bodyText()).contains("<Code>SignatureDoesNotMatch</Code>");
        }
    }

    /**
     * After a restart neither the bucket nor the records are cached: the first reads go to the workers (and fill
     * the caches), the ones after them are answered from memory; both answer the same.
     */
    @Test
    void coldReadsGoToTheWorkersAndAnswerTheSame(@TempDir Path dir) throws Exception {
        Map<String, String> env = Map.of("CAIRN_ROOT_USER", CairnTestServer.ACCESS_KEY,
                "CAIRN_ROOT_PASSWORD", CairnTestServer.SECRET_KEY);
        ServerConfig config = ServerConfig.defaults(dir).withAddress(new InetSocketAddress("127.0.0.1", 0));
        try (CairnServer first = CairnServer.start(config, env); S3Client client = client(first)) {
            client.createBucket(b -> b.bucket("mem"));
            client.putObject(b -> b.bucket("mem").key("small"), RequestBody.fromBytes(SMALL));
            client.putObject(b -> b.bucket("mem").key("large"), RequestBody.fromBytes(LARGE));
        }
        try (CairnServer second = CairnServer.start(config, env); S3Client client = client(second)) {
            for (int round = 0; round < 3; round++) {
                assertThat(client.getObjectAsBytes(b -> b.bucket("mem").key("small")).asByteArray())
                        .isEqualTo(SMALL);
                assertThat(client.headObject(b -> b.bucket("mem").key("small")).contentLength())
                        .isEqualTo(SMALL.length);
                assertThat(client.getObjectAsBytes(b -> b.bucket("mem").key("large")).asByteArray())
                        .isEqualTo(LARGE);
                assertThatThrownBy(() -> client.headObject(b -> b.bucket("mem").key("missing")))
                        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
                assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket("nobucket").key("small")))
                        .isInstanceOfSatisfying(S3Exception.class,
                                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket"));
            }
        }
    }

    private static byte[] largeObject() {
        try (PatternStream in = new PatternStream(7, 300 * 1024)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HeadObjectResponse head(S3Client client, String key) {
        return client.headObject(b -> b.bucket("mem").key(key));
    }

    private static S3Client client(CairnServer server) {
        return S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(CairnTestServer.credentials())
                .forcePathStyle(true)
                .build();
    }
}
