package io.cairn.server.metrics;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram with fixed buckets for one label value: a count per bucket, the total and the sum, each a
 * {@link LongAdder}, so recording is one short bucket search and three uncontended adds. Micrometer's Timer also
 * keeps a time-window maximum and the pause detector's bookkeeping on every record; on the hot path of small
 * requests that was a measurable share of the cost of metrics (docs/benchmarks.md, "Metrics cost").
 */
final class LatencyHistogram {
    private final long[] boundsNanos;
    private final String[] boundLabels;
    /** Non-cumulative: bucket i counts records in (bound i-1, bound i]; the last, those above every bound. */
    private final LongAdder[] buckets;
    private final LongAdder count = new LongAdder();
    private final LongAdder sumNanos = new LongAdder();

    LatencyHistogram(Duration[] bounds) {
        boundsNanos = new long[bounds.length];
        boundLabels = new String[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            boundsNanos[i] = bounds[i].toNanos();
            // As Micrometer wrote them, so dashboards and queries keep matching: 0.001, 1.0, 60.0.
            boundLabels[i] = Double.toString(bounds[i].toNanos() / 1e9);
        }
        buckets = new LongAdder[bounds.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void record(long nanos) {
        int i = 0;
        while (i < boundsNanos.length && nanos > boundsNanos[i]) {
            i++;
        }
        buckets[i].increment();
        count.increment();
        sumNanos.add(Math.max(0, nanos));
    }

    /** The series of this histogram for one label ({@code name="value"}), cumulative as Prometheus wants them. */
    void render(StringBuilder out, String name, String label) {
        long cumulative = 0;
        for (int i = 0; i < boundsNanos.length; i++) {
            cumulative += buckets[i].sum();
            out.append(name).append("_bucket{").append(label).append(",le=\"").append(boundLabels[i]).append("\"} ")
                    .append(cumulative).append('\n');
        }
        cumulative += buckets[boundsNanos.length].sum();
        // Read after the buckets: a record landing meanwhile makes +Inf and _count at least the sum of the buckets.
        long total = Math.max(cumulative, count.sum());
        out.append(name).append("_bucket{").append(label).append(",le=\"+Inf\"} ").append(total).append('\n');
        out.append(name).append("_count{").append(label).append("} ").append(total).append('\n');
        out.append(name).append("_sum{").append(label).append("} ").append(sumNanos.sum() / 1e9).append('\n');
    }
}
