package io.cairn.server;

import io.cairn.server.health.Readiness;
import io.cairn.server.http.ExchangeListener;
import io.cairn.server.http.HttpServer;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The port as the server binds it before its stores are open: live, not ready (naming why), S3 refused with a
 * retryable 503; then, once the gate opens and start-up is declared done, the real dispatcher answers.
 */
class StartupGateTest {
    private final Readiness readiness = new Readiness();
    private final StartupGate gate = new StartupGate(readiness);
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer http;

    @BeforeEach
    void bind() throws InterruptedException {
        http = new HttpServer(new InetSocketAddress("127.0.0.1", 0), gate, ExchangeListener.NONE, 10_000);
    }

    @AfterEach
    void close() {
        http.close();
    }

    @Test
    void whileStartingLiveIsUpReadyIsDownAndS3IsRefused() throws Exception {
        assertThat(get("/_cairn/health/live").statusCode()).isEqualTo(200);

        HttpResponse<String> ready = get("/_cairn/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"unavailable\",\"check\":\"lifecycle\",\"reason\":\"starting\"}");

        HttpResponse<String> s3 = get("/bucket/key");
        assertThat(s3.statusCode()).isEqualTo(503);
        assertThat(s3.body()).contains("<Code>ServiceUnavailable</Code>");
        assertThat(get("/_cairn/admin/info").statusCode()).isEqualTo(503);
    }

    @Test
    void onceOpenTheDispatcherAnswersAndReadinessFollowsTheChecks() throws Exception {
        gate.open(exchange -> {
            S3Request.sendError(exchange, null, new S3Exception(S3Error.NO_SUCH_BUCKET));
        });
        readiness.serving();

        assertThat(get("/bucket/key").statusCode()).isEqualTo(404);
        assertThat(readiness.status().ready()).isTrue();

        readiness.stopping();
        assertThat(readiness.status()).isEqualTo(new Readiness.Status(Readiness.LIFECYCLE, "shutting down"));
        readiness.serving();
        assertThat(readiness.status().ready()).as("a stopping server never becomes ready again").isFalse();
    }

    private HttpResponse<String> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + http.localAddress().getPort() + path);
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
