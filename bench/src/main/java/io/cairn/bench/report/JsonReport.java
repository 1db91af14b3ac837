package io.cairn.bench.report;

import io.cairn.bench.cli.Options;
import io.cairn.bench.run.BenchResult;
import io.cairn.bench.stats.OpSummary;
import io.cairn.bench.stats.RunSummary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The machine-readable result (--json): what ran, per operation rates and latencies (milliseconds), errors,
 * and the client's CPU, so a comparison script never parses the human table.
 */
public final class JsonReport {
    private JsonReport() {
    }

    public static void write(BenchResult result, Path file) throws IOException {
        Files.writeString(file, render(result) + "\n", StandardCharsets.UTF_8);
    }

    public static String render(BenchResult result) {
        Options o = result.options();
        RunSummary s = result.summary();
        Json j = new Json().open('{');
        j.field("tool", "cairn-bench").field("format", 1)
                .field("startedAt", result.startedAt().toString())
                .field("endpoint", o.endpoint().toString())
                .field("bucket", result.bucket())
                .field("scenario", o.scenario().cliName())
                .field("size", o.size().toString())
                .field("sizeMinBytes", o.size().min())
                .field("sizeMaxBytes", o.size().max())
                .field("concurrency", o.concurrency())
                .field("durationSeconds", s.seconds())
                .field("warmupSeconds", o.warmup().toMillis() / 1000.0)
                .field("objects", o.objects())
                .field("listKeys", o.listKeys())
                .field("page", o.page())
                .field("partSizeBytes", o.partSize())
                .field("mix", o.mix().toString());
        j.key("operations").begin('[');
        for (OpSummary op : s.operations()) {
            j.begin('{')
                    .field("op", op.op().label())
                    .field("count", op.count())
                    .field("bytes", op.bytes())
                    .field("opsPerSecond", op.opsPerSecond())
                    .field("mibPerSecond", op.mibPerSecond())
                    .key("latencyMs").begin('{')
                    .field("p50", op.p50Nanos() / 1e6)
                    .field("p90", op.p90Nanos() / 1e6)
                    .field("p99", op.p99Nanos() / 1e6)
                    .field("max", op.maxNanos() / 1e6)
                    .field("mean", op.meanNanos() / 1e6)
                    .close('}')
                    .field("errorCount", op.errorCount());
            j.key("errors").begin('{');
            for (Map.Entry<String, Long> e : op.errors().entrySet()) {
                j.field(e.getKey(), e.getValue());
            }
            j.close('}').close('}');
        }
        j.close(']');
        j.key("client").begin('{')
                .field("cpuSeconds", s.cpuNanos() / 1e9)
                .field("cpuCores", s.cpuCores())
                .field("cpuMicrosPerRequest", s.cpuMicrosPerRequest())
                .field("requests", s.requests())
                .field("threads", s.clientThreads())
                .field("cores", s.cores())
                .field("transport", result.transport())
                .field("java", System.getProperty("java.version"))
                .close('}');
        j.key("notes").begin('[');
        s.notes().forEach(j::value);
        j.close(']');
        return j.close('}').toString();
    }
}
