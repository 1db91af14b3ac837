package io.cairn.tiering.remote;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A remote that is not listening fails every call quickly as a transient error; nothing waits on it for long. */
class DeadRemoteTest {

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void s3() throws IOException {
        TierSpec spec = new TierSpec("COLD", TierType.S3, Map.of("endpoint", "http://127.0.0.1:" + closedPort(),
                "region", "us-east-1", "bucket", "b", "accessKey", "AK", "secretKey", "SK", "pathStyle", "true"));
        try (RemoteTier tier = TierRegistry.connect(spec)) {
            assertFailsQuickly(tier);
        }
    }

    @Test
    void azure() throws IOException {
        TierSpec spec = new TierSpec("ARCHIVE", TierType.AZURE, Map.of("endpoint",
                "http://127.0.0.1:" + closedPort() + "/devstoreaccount1", "account", "devstoreaccount1",
                "accountKey", "Zm9vYmFy", "container", "cold"));
        try (RemoteTier tier = TierRegistry.connect(spec)) {
            assertFailsQuickly(tier);
        }
    }

    private static void assertFailsQuickly(RemoteTier tier) {
        long start = System.nanoTime();
        TierException put = catchThrowableOfType(TierException.class,
                () -> tier.put("k", new ByteArrayInputStream(new byte[10]), 10));
        TierException size = catchThrowableOfType(TierException.class, () -> tier.size("k"));
        TierException verify = catchThrowableOfType(TierException.class, tier::verify);
        for (TierException e : new TierException[] {put, size, verify}) {
            assertThat(e).isNotNull();
            assertThat(e.retryable()).as(e.getMessage()).isTrue();
            assertThat(e.getMessage()).contains("tier " + tier.name()).contains("remote unreachable");
        }
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds for three failed calls")
                .isLessThan(20_000);
    }
}
