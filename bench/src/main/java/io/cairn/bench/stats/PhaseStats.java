package io.cairn.bench.stats;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one phase (prepare, warm-up, measurement, clean-up). Recording is thread-safe; sampling
 * ({@link #sample}) and summarising belong to one thread, the runner's.
 */
public final class PhaseStats {
    private final String name;
    private final EnumMap<Op, OpRecorder> live = new EnumMap<>(Op.class);
    private final EnumMap<Op, Histogram> totals = new EnumMap<>(Op.class);
    private final EnumMap<Op, Long> sampledBytes = new EnumMap<>(Op.class);

    public PhaseStats(String name) {
        this.name = name;
        for (Op op : Op.values()) {
            live.put(op, new OpRecorder());
            totals.put(op, new Histogram(3));
            sampledBytes.put(op, 0L);
        }
    }

    public String name() {
        return name;
    }

    void success(Op op, long latencyNanos, long bytes) {
        live.get(op).success(latencyNanos, bytes);
    }

    void error(Op op, String key) {
        live.get(op).error(key);
    }

    /** One interval's figures per operation that saw any; folds the interval into the phase's totals. */
    public List<IntervalSample> sample() {
        List<IntervalSample> samples = new ArrayList<>();
        for (Op op : Op.values()) {
            OpRecorder r = live.get(op);
            Histogram interval = r.interval();
            totals.get(op).add(interval);
            long bytes = r.bytes();
            long newBytes = bytes - sampledBytes.put(op, bytes);
            if (interval.getTotalCount() > 0 || newBytes > 0) {
                samples.add(new IntervalSample(op, interval.getTotalCount(), newBytes,
                        interval.getValueAtPercentile(99)));
            }
        }
        return samples;
    }

    /** Errors so far of every operation, as "OP key" → count. */
    public Map<String, Long> errorsSoFar() {
        Map<String, Long> all = new java.util.TreeMap<>();
        live.forEach((op, r) -> r.errors().forEach((k, v) -> all.put(op.label() + " " + k, v)));
        return all;
    }

    public long errorCount() {
        return errorsSoFar().values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The phase's summary over a window of {@code windowNanos}: call after the last {@link #sample()}, once no
     * request records into this phase any more.
     */
    public List<OpSummary> summarize(long windowNanos) {
        List<OpSummary> out = new ArrayList<>();
        for (Op op : Op.values()) {
            Histogram h = totals.get(op);
            Map<String, Long> errors = live.get(op).errors();
            if (h.getTotalCount() > 0 || !errors.isEmpty()) {
                out.add(OpSummary.of(op, h, live.get(op).bytes(), errors, windowNanos));
            }
        }
        return out;
    }

    /** One operation's figures over one sampling interval, for the progress line. */
    public record IntervalSample(Op op, long count, long bytes, long p99Nanos) {
    }
}
