package io.cairn.bench.stats;

import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * One operation's result over a measured window. Latencies are of successful requests only (a fast error is
 * not a fast operation); errors are counted by "HTTP status S3-code".
 *
 * @param count   successful operations
 * @param bytes   payload bytes moved by them (sent for PUT, received for GET and LIST)
 * @param seconds the measured window
 */
public record OpSummary(Op op, long count, long bytes, double seconds, long p50Nanos, long p90Nanos,
                        long p99Nanos, long maxNanos, double meanNanos, Map<String, Long> errors) {
    private static final double MIB = 1024.0 * 1024.0;

    public static OpSummary of(Op op, Histogram latencies, long bytes, Map<String, Long> errors, long windowNanos) {
        boolean any = latencies.getTotalCount() > 0;
        return new OpSummary(op, latencies.getTotalCount(), bytes, windowNanos / 1e9,
                any ? latencies.getValueAtPercentile(50) : 0,
                any ? latencies.getValueAtPercentile(90) : 0,
                any ? latencies.getValueAtPercentile(99) : 0,
                any ? latencies.getMaxValue() : 0,
                any ? latencies.getMean() : 0,
                Map.copyOf(errors));
    }

    public double opsPerSecond() {
        return seconds > 0 ? count / seconds : 0;
    }

    public double mibPerSecond() {
        return seconds > 0 ? bytes / MIB / seconds : 0;
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Requests this line stands for (successes and errors); a composite line stands for none of its own. */
    public long requests() {
        return op.isComposite() ? 0 : count + errorCount();
    }
}
