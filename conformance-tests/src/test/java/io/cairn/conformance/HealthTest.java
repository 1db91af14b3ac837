package io.cairn.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.health.Readiness;
import io.cairn.server.health.ReadinessCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Liveness and readiness of a running server: readiness follows the metadata store, the erasure set's write quorum,
 * any registered check and shutdown; liveness stays up while the process answers. The start-up phase is covered in
 * the server module ({@code StartupGateTest}).
 */
class HealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readyWhenStartedAndNotWhenTheMetadataStoreIsUnavailable() throws Exception {
        try (CairnTestServer server = CairnTestServer.start()) {
            assertThat(probe(server, "ready").status()).isEqualTo(200);

            server.metadata().close();

            RawHttp.Response ready = probe(server, "ready");
            assertThat(ready.status()).isEqualTo(503);
            JsonNode body = JSON.readTree(ready.body());
            assertThat(body.get("status").asText()).isEqualTo("unavailable");
            assertThat(body.get("check").asText()).isEqualTo("metadata");
            assertThat(body.get("reason").asText()).contains("closed");
            assertThat(probe(server, "live").status()).isEqualTo(200);
        }
    }

    @Test
    void aRegisteredCheckThatFailsMakesTheServerUnready() throws Exception {
        try (CairnTestServer server = CairnTestServer.start()) {
            AtomicReference<String> problem = new AtomicReference<>("2 of 4 drives online, write quorum is 3");
            server.readiness().register(new ReadinessCheck() {
                @Override
                public String name() {
                    return "drives";
                }

                @Override
                public Optional<String> problem() {
                    return Optional.ofNullable(problem.get());
                }
            });

            RawHttp.Response down = probe(server, "ready");
            assertThat(down.status()).isEqualTo(503);
            assertThat(JSON.readTree(down.body()).get("check").asText()).isEqualTo("drives");
            assertThat(JSON.readTree(down.body()).get("reason").asText()).isEqualTo(problem.get());
            assertThat(probe(server, "live").status()).isEqualTo(200);

            problem.set(null);
            assertThat(probe(server, "ready").status()).isEqualTo(200);
            assertThat(probe(server, "ready").bodyText()).isEqualTo("{\"status\":\"ready\"}");
        }
    }

    @Test
    void anErasureSetBelowWriteQuorumIsUnreadyUntilItsDrivesAreBack(@TempDir Path root) throws Exception {
        List<Path> drives = sixDrives(root);
        try (CairnTestServer server = CairnTestServer.start(c -> c.withDrives(drives, 2, 0))) {
            assertThat(probe(server, "ready").status()).isEqualTo(200);

            // 4+2 writes need 4 drives; three go away (not the first three: they hold the metadata copies).
            for (Path d : drives.subList(3, 6)) {
                deleteTree(d);
            }
            RawHttp.Response down = awaitProbe(server, 503);
            assertThat(JSON.readTree(down.body()).get("check").asText()).isEqualTo("drives");
            assertThat(JSON.readTree(down.body()).get("reason").asText())
                    .isEqualTo("3 of 6 drives online, writes need 4");
            assertThat(probe(server, "live").status()).isEqualTo(200);
            JsonNode info = JSON.readTree(RawRequest.of(server.port(), "GET", "/_cairn/admin/info").send().body());
            assertThat(info.get("drives").findValuesAsText("state"))
                    .containsExactly("online", "online", "online", "offline", "offline", "offline");

            // Replaced (empty) drives: the drive monitor formats them and brings them online.
            for (Path d : drives.subList(3, 6)) {
                Files.createDirectories(d);
            }
            awaitProbe(server, 200);
        }
    }

    /**
     * The drive of the metadata copy written first goes away: the store moves to another copy at the next drive check
     * and the server stays ready, or becomes so again within it (writes and reads under it: ErasureCodingTest).
     */
    @Test
    void losingTheMetadataPrimarysDriveLeavesTheServerReadyOnAnotherCopy(@TempDir Path root) throws Exception {
        List<Path> drives = sixDrives(root);
        try (CairnTestServer server = CairnTestServer.start(c -> c.withDrives(drives, 2, 0))) {
            io.cairn.meta.RocksMetadataStore meta = (io.cairn.meta.RocksMetadataStore) server.metadata();
            assertThat(probe(server, "ready").status()).isEqualTo(200);
            deleteTree(drives.get(0));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (meta.primaryDir().startsWith(drives.get(0)) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(meta.primaryDir()).startsWith(drives.get(1));
            assertThat(probe(server, "ready").status()).isEqualTo(200);
        }
    }

    private static List<Path> sixDrives(Path root) {
        List<Path> drives = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            drives.add(root.resolve("d" + i));
        }
        return drives;
    }

    @Test
    void shutdownMakesTheServerUnreadyRefusesNewConnectionsAndFinishesTheUploadInFlight() throws Exception {
        CairnTestServer server = CairnTestServer.start();
        int port = server.port();
        try (var client = server.client()) {
            client.createBucket(b -> b.bucket("drain"));
        }
        byte[] content = new byte[256 * 1024];
        Arrays.fill(content, (byte) 'x');
        RawRequest.Prepared put = RawRequest.of(port, "PUT", "/drain/in-flight").body(content).unsignedPayload()
                .prepare();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(RawHttp.TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(put.head());
            out.write(put.body(), 0, content.length / 2);
            out.flush();
            PrometheusText.awaitInFlight(port, 1);

            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            Readiness.Status status = awaitUnready(server);
            assertThat(status.check()).isEqualTo(Readiness.LIFECYCLE);
            assertThat(status.reason()).isEqualTo("shutting down");
            awaitRefused(port);

            out.write(put.body(), content.length / 2, content.length - content.length / 2);
            out.flush();
            InputStream in = socket.getInputStream();
            RawHttp.Response answer = RawHttp.read(in, false);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("connection")).isEqualToIgnoringCase("close");
            assertThat(in.read()).as("the connection is closed after the response").isEqualTo(-1);
            closing.get(60, TimeUnit.SECONDS);
        }
    }

    /** The listening socket closes right after readiness goes false. */
    private static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                Thread.sleep(10);
            } catch (ConnectException refused) {
                return;
            } catch (IOException other) {
                throw new AssertionError(other);
            }
        }
        throw new AssertionError("new connections are still accepted");
    }

    private static Readiness.Status awaitUnready(CairnTestServer server) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Readiness.Status s = server.readiness().status();
            if (!s.ready()) {
                return s;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("readiness never went false");
    }

    /** The drive monitor looks every few seconds: polls the probe until it answers {@code status}. */
    private static RawHttp.Response awaitProbe(CairnTestServer server, int status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            RawHttp.Response r = probe(server, "ready");
            if (r.status() == status) {
                return r;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("readiness never answered " + status);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static RawHttp.Response probe(CairnTestServer server, String which) throws IOException {
        return RawRequest.of(server.port(), "GET", "/_cairn/health/" + which).unsigned().send();
    }
}
