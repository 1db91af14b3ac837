package io.cairn.server.tier;

import io.cairn.tiering.remote.TierException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TierHealthTest {
    private static final TierException DOWN = new TierException("down", true, null);

    @Test
    void failuresBackOffPerTierAndASuccessEndsTheBurst() throws Exception {
        TierHealth health = new TierHealth(Duration.ofMillis(200), Duration.ofMillis(300));
        assertThat(health.ready("A")).isTrue();
        health.failed("A", "put", DOWN);
        assertThat(health.ready("A")).isFalse();
        assertThat(health.ready("B")).isTrue();
        Thread.sleep(250);
        assertThat(health.ready("A")).isTrue();
        health.failed("A", "put", DOWN);   // 400 ms, capped at 300
        assertThat(health.ready("A")).isFalse();
        Thread.sleep(350);
        assertThat(health.ready("A")).isTrue();
        health.failed("A", "put", DOWN);
        health.succeeded("A");
        assertThat(health.ready("A")).isTrue();
        assertThat(health.failures()).isEqualTo(3);
    }
}
