package io.cairn.bench.report;

import io.cairn.bench.cli.Options;
import io.cairn.bench.cli.ScenarioName;
import io.cairn.bench.cli.Units;
import io.cairn.bench.run.BenchResult;
import io.cairn.bench.stats.OpSummary;
import io.cairn.bench.stats.RunSummary;

import java.util.Locale;
import java.util.Map;

/** The human-readable result on stdout: what ran, one line per operation, the client's own cost, errors. */
public final class TableReport {
    private TableReport() {
    }

    public static String render(BenchResult result) {
        Options o = result.options();
        RunSummary s = result.summary();
        StringBuilder sb = new StringBuilder(1024);
        sb.append(String.format(Locale.ROOT, "cairn bench: %s, %s objects, concurrency %d, %s measured after %s "
                        + "warm-up%n", describe(o), o.size(), o.concurrency(), Units.formatDuration(o.duration()),
                Units.formatDuration(o.warmup())));
        sb.append(String.format(Locale.ROOT, "endpoint %s, bucket %s, client %d thread(s) (%s) on %d core(s)%n%n",
                o.endpoint(), result.bucket(), s.clientThreads(), result.transport(), s.cores()));
        sb.append(String.format(Locale.ROOT, "%-13s %10s %11s %10s %9s %9s %9s %9s %8s%n", "operation", "ops",
                "ops/s", "MiB/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "errors"));
        for (OpSummary op : s.operations()) {
            sb.append(String.format(Locale.ROOT, "%-13s %10d %11.1f %10.2f %9.3f %9.3f %9.3f %9.3f %8d%n",
                    op.op().label(), op.count(), op.opsPerSecond(), op.mibPerSecond(), op.p50Nanos() / 1e6,
                    op.p90Nanos() / 1e6, op.p99Nanos() / 1e6, op.maxNanos() / 1e6, op.errorCount()));
        }
        if (s.operations().isEmpty()) {
            sb.append("(no operation completed in the measured time)\n");
        }
        sb.append(String.format(Locale.ROOT, "%nclient CPU: %.2f s in %.2f s = %.2f cores; %.1f µs per request "
                        + "(%d requests)%n", s.cpuNanos() / 1e9, s.seconds(), s.cpuCores(), s.cpuMicrosPerRequest(),
                s.requests()));
        if (s.errorCount() > 0) {
            sb.append("\nerrors:\n");
            for (OpSummary op : s.operations()) {
                for (Map.Entry<String, Long> e : op.errors().entrySet()) {
                    sb.append(String.format(Locale.ROOT, "  %-13s %-48s %10d%n", op.op().label(), e.getKey(),
                            e.getValue()));
                }
            }
        }
        if (!s.notes().isEmpty()) {
            sb.append("\nnotes:\n");
            s.notes().forEach(n -> sb.append("  - ").append(n).append('\n'));
        }
        return sb.toString();
    }

    static String describe(Options o) {
        return switch (o.scenario()) {
            case LIST -> "list (" + o.page() + " of " + o.listKeys() + " keys per request)";
            case MULTIPART -> "multipart (" + Units.formatSize(o.partSize()) + " parts)";
            case MIXED -> "mixed (" + o.mix() + ", " + o.objects() + " objects)";
            case GET, STAT, DELETE -> o.scenario().cliName() + " (" + o.objects() + " objects)";
            default -> o.scenario() == ScenarioName.PUT ? "put" : o.scenario().cliName();
        };
    }
}
