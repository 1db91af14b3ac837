package io.cairn.conformance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SIGTERM to a server with slow uploads in flight: uploads whose bodies keep coming finish during the drain and are
 * acknowledged; uploads that stall past the shutdown timeout are cut and never committed; the process exits 0 and
 * the restarted server (RocksDB opening cleanly) serves exactly what was acknowledged.
 */
class GracefulShutdownTest {
    private static final String BUCKET = "drain";
    private static final int SIZE = 4 * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;
    private static final int SENT_BEFORE_SIGTERM = 1024 * 1024;
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    /** One upload over its own connection: its content and what the client finally saw. */
    private record Upload(String key, byte[] content, boolean stalls, CompletableFuture<Integer> status) {
    }

    @Test
    void sigtermFinishesFlowingUploadsCutsStalledOnesAndExitsZero() throws Exception {
        Path data = tmp.resolve("data");
        List<Upload> uploads = new ArrayList<>();
        ServerProcess server = ServerProcess.start(data, List.of("-Xmx256m"),
                Map.of("CAIRN_SHUTDOWN_TIMEOUT_SECONDS", Long.toString(SHUTDOWN_TIMEOUT.toSeconds())));
        try (S3Client client = server.client()) {
            client.createBucket(b -> b.bucket(BUCKET));
            client.putObject(b -> b.bucket(BUCKET).key("before"), RequestBody.fromString("acknowledged earlier"));
        }
        CountDownLatch underway = new CountDownLatch(6);
        for (int i = 0; i < 6; i++) {
            byte[] content = new byte[SIZE];
            new Random(i).nextBytes(content);
            Upload u = new Upload("upload-" + i, content, i >= 4, new CompletableFuture<>());
            uploads.add(u);
            Thread.ofPlatform().daemon().start(() -> send(server.port(), u, underway));
        }
        assertThat(underway.await(60, TimeUnit.SECONDS)).isTrue();
        PrometheusText.awaitInFlight(server.port(), uploads.size());

        int exit = server.terminate(SHUTDOWN_TIMEOUT.plus(Duration.ofSeconds(30)));

        assertThat(exit).isZero();
        for (Upload u : uploads) {
            int status = u.status().get(60, TimeUnit.SECONDS);
            if (u.stalls()) {
                assertThat(status).as(u.key() + " stalled past the timeout: cut, not acknowledged").isEqualTo(-1);
            } else {
                assertThat(status).as(u.key() + " kept sending: finished during the drain").isEqualTo(200);
            }
        }

        ServerProcess restarted = server.restart();
        try (S3Client client = restarted.client()) {
            try (Stream<Path> temps = Files.list(data.resolve(".cairn").resolve("tmp"))) {
                assertThat(temps).as("temporary files after start-up").isEmpty();
            }
            assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("before")).asUtf8String())
                    .isEqualTo("acknowledged earlier");
            for (Upload u : uploads) {
                if (u.stalls()) {
                    assertThatThrownBy(() -> client.headObject(b -> b.bucket(BUCKET).key(u.key())))
                            .isInstanceOf(NoSuchKeyException.class);
                } else {
                    assertThat(Digests.sha256(client.getObjectAsBytes(b -> b.bucket(BUCKET).key(u.key()))
                            .asByteArray())).as(u.key()).isEqualTo(Digests.sha256(u.content()));
                }
            }
            List<String> listed = client.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream()
                    .map(S3Object::key).toList();
            assertThat(listed).containsExactly("before", "upload-0", "upload-1", "upload-2", "upload-3");
        } finally {
            restarted.close();
        }
    }

    /**
     * Sends the head and the first MiB, counts down {@code underway}, then either keeps sending slowly (the rest
     * arrives during the drain) or stalls; completes the upload's status with the answer's, or -1 when the
     * connection was closed without one.
     */
    private static void send(int port, Upload u, CountDownLatch underway) {
        RawRequest.Prepared put = RawRequest.of(port, "PUT", "/" + BUCKET + "/" + u.key()).body(u.content())
                .unsignedPayload().prepare();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            out.write(put.head());
            out.write(u.content(), 0, SENT_BEFORE_SIGTERM);
            out.flush();
            underway.countDown();
            if (!u.stalls()) {
                underway.await();
                for (int off = SENT_BEFORE_SIGTERM; off < SIZE; off += CHUNK) {
                    Thread.sleep(5);
                    out.write(u.content(), off, CHUNK);
                    out.flush();
                }
            }
            u.status().complete(RawHttp.read(socket.getInputStream(), false).status());
        } catch (IOException closed) {
            u.status().complete(-1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            u.status().completeExceptionally(e);
        }
    }
}
