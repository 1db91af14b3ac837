package io.cairn.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.bench.cli.OptionParser;
import io.cairn.bench.cli.Options;
import io.cairn.bench.run.BenchResult;
import io.cairn.bench.stats.Op;
import io.cairn.bench.stats.OpSummary;
import io.cairn.bench.stats.PhaseStats;
import io.cairn.bench.stats.RunSummary;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportsTest {
    private static final Options OPTIONS = OptionParser.parse(new String[] {"--scenario", "get", "--duration", "10s"},
            Map.of("AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "s"));

    private static BenchResult result() {
        OpSummary get = new OpSummary(Op.GET, 20_000, 20_000L * 4096, 10.0, 1_000_000, 2_000_000, 5_000_000,
                9_000_000, 1_200_000, Map.of("404 NoSuchKey", 3L, "503 \"Slow\"Down", 1L));
        return new BenchResult(OPTIONS, "cairn-bench-0a", Instant.parse("2026-01-02T03:04:05Z"), "epoll",
                new RunSummary(10.0, List.of(get), 2_000_000_000L, 2, 2, List.of("a note")));
    }

    @Test
    void tableShowsRatesLatenciesCpuAndErrors() {
        String table = TableReport.render(result());

        assertThat(table).contains("get (1000 objects), 4KiB objects, concurrency 16, 10s measured");
        assertThat(table).containsPattern("GET\\s+20000\\s+2000\\.0\\s+7\\.81\\s+1\\.000\\s+2\\.000\\s+5\\.000"
                + "\\s+9\\.000\\s+4");
        assertThat(table).contains("0.20 cores; 100.0 µs per request (20004 requests)");
        assertThat(table).contains("404 NoSuchKey").contains("a note");
    }

    @Test
    void jsonCarriesTheSameFigures() {
        String json = JsonReport.render(result());

        assertThat(json).startsWith("{\"tool\":\"cairn-bench\"").endsWith("}");
        assertThat(json).contains("\"op\":\"GET\",\"count\":20000,\"bytes\":81920000,\"opsPerSecond\":2000,"
                + "\"mibPerSecond\":7.8125");
        assertThat(json).contains("\"latencyMs\":{\"p50\":1,\"p90\":2,\"p99\":5,\"max\":9,\"mean\":1.2}");
        assertThat(json).contains("\"errors\":{");
        assertThat(json).contains("\"503 \\\"Slow\\\"Down\":1");
        assertThat(json).contains("\"cpuMicrosPerRequest\":99.98,");
        assertThat(json).contains("\"notes\":[\"a note\"]");
        assertThat(json.chars().filter(c -> c == '{').count()).isEqualTo(json.chars().filter(c -> c == '}').count());
        assertThat(json.chars().filter(c -> c == '[').count()).isEqualTo(json.chars().filter(c -> c == ']').count());
    }

    @Test
    void progressLineShowsTheLastSecond() {
        String line = ProgressLine.format("measure", 3, 10, 1.0,
                List.of(new PhaseStats.IntervalSample(Op.GET, 5000, 5000L * 4096, 2_500_000)), 0, 0.42);

        assertThat(line).contains("measure").contains("3/10 s").contains("GET 5000/s").contains("19.5 MiB/s")
                .contains("p99 2.50 ms").contains("errors 0").contains("client cpu 0.42 cores, 84 µs/req");
    }
}
