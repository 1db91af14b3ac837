package io.cairn.bench.report;

import io.cairn.bench.stats.PhaseStats.IntervalSample;

import java.util.List;
import java.util.Locale;

/** The once-a-second line on stderr: what the last second looked like, so a stall shows while it happens. */
public final class ProgressLine {
    private ProgressLine() {
    }

    /**
     * @param intervalSeconds the length of the interval the samples cover
     * @param cpuCores        client CPU over that interval, in cores
     */
    public static String format(String phase, double elapsed, double total, double intervalSeconds,
                                List<IntervalSample> samples, long errors, double cpuCores) {
        StringBuilder sb = new StringBuilder(128);
        sb.append(String.format(Locale.ROOT, "%-7s %4.0f/%.0f s ", phase, elapsed, total));
        if (samples.isEmpty()) {
            sb.append(" (no completed requests)");
        }
        for (IntervalSample s : samples) {
            sb.append(String.format(Locale.ROOT, " %s %.0f/s", s.op().label(), s.count() / intervalSeconds));
            if (s.bytes() > 0) {
                sb.append(String.format(Locale.ROOT, " %.1f MiB/s", s.bytes() / 1048576.0 / intervalSeconds));
            }
            if (s.count() > 0) {
                sb.append(String.format(Locale.ROOT, " p99 %.2f ms", s.p99Nanos() / 1e6));
            }
        }
        long requests = samples.stream().filter(s -> !s.op().isComposite()).mapToLong(IntervalSample::count).sum();
        sb.append(String.format(Locale.ROOT, "  | errors %d | client cpu %.2f cores", errors, cpuCores));
        if (requests > 0) {
            // Falls for the first seconds while the JIT compiles the client; steady once it stops falling.
            sb.append(String.format(Locale.ROOT, ", %.0f µs/req", cpuCores * intervalSeconds * 1e6 / requests));
        }
        return sb.toString();
    }
}
