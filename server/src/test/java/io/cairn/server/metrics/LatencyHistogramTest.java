package io.cairn.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void bucketsAreCumulativeWithPrometheusBoundsInclusive() {
        LatencyHistogram h = new LatencyHistogram(new Duration[] {Duration.ofMillis(1), Duration.ofSeconds(1)});
        h.record(Duration.ofMillis(1).toNanos()); // on the bound: le="0.001"
        h.record(Duration.ofMillis(1).toNanos() + 1);
        h.record(Duration.ofSeconds(2).toNanos()); // above every bound: only +Inf
        StringBuilder out = new StringBuilder();
        h.render(out, "x_seconds", "operation=\"GetObject\"");
        assertThat(out.toString()).isEqualTo("""
                x_seconds_bucket{operation="GetObject",le="0.001"} 1
                x_seconds_bucket{operation="GetObject",le="1.0"} 2
                x_seconds_bucket{operation="GetObject",le="+Inf"} 3
                x_seconds_count{operation="GetObject"} 3
                x_seconds_sum{operation="GetObject"} 2.002000001
                """);
    }

    @Test
    void requestMetricsAppendTheHistogramOfEveryOperationSeen() {
        try (CairnMetrics metrics = new CairnMetrics()) {
            metrics.requests().record(io.cairn.server.s3.S3Operation.GetObject, 200, 500_000, 0, 10, null);
            String text = metrics.scrape();
            assertThat(text).contains("# TYPE cairn_s3_request_duration_seconds histogram\n")
                    .contains("cairn_s3_request_duration_seconds_bucket{operation=\"GetObject\",le=\"0.001\"} 1\n")
                    .contains("cairn_s3_request_duration_seconds_count{operation=\"GetObject\"} 1\n")
                    .doesNotContain("operation=\"PutObject\",le=");
        }
    }
}
