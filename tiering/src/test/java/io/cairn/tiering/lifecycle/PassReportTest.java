package io.cairn.tiering.lifecycle;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PassReportTest {
    @Test
    void plusAddsEveryCount() {
        PassReport a = new PassReport(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, Duration.ofMillis(11));
        PassReport b = new PassReport(10, 20, 30, 40, 50, 60, 70, 80, 90, 100, Duration.ofMillis(110));
        assertThat(PassReport.NONE.plus(a).plus(b))
                .isEqualTo(new PassReport(11, 22, 33, 44, 55, 66, 77, 88, 99, 110, Duration.ofMillis(121)));
    }
}
