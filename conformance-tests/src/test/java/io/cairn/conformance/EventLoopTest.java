package io.cairn.conformance;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Work that waits (a body that does not arrive, a disk write) happens on worker threads, never on the event
 * loop: while many uploads are stalled mid-body, every other request is still answered promptly.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EventLoopTest {
    private static final int STALLED = 64;
    private static CairnTestServer server;
    private static S3Client client;

    @BeforeAll
    static void start() {
        server = CairnTestServer.start();
        client = server.client(b -> b.overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(5))));
        client.createBucket(b -> b.bucket("loop"));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void stalledUploadsDoNotStopOtherRequests() throws Exception {
        try (StalledUploads stalled = StalledUploads.start(server.port(), "loop", STALLED)) {
            for (int i = 0; i < 50; i++) {
                String key = "live-" + i;
                client.putObject(b -> b.bucket("loop").key(key), RequestBody.fromString("v" + i));
                assertThat(client.getObjectAsBytes(b -> b.bucket("loop").key(key)).asUtf8String())
                        .isEqualTo("v" + i);
            }
            assertThat(client.listObjectsV2(b -> b.bucket("loop").prefix("stalled-")).keyCount())
                    .as("nothing of the stalled uploads is visible").isZero();
        }
    }
}
