package io.cairn.bench.stats;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live figures of one operation in one phase, written by every event-loop thread at once: HdrHistogram's
 * Recorder (wait-free writers, interval snapshots without stopping them), adders for bytes and errors.
 */
final class OpRecorder {
    /** Three significant digits: percentiles within 0.1 % of the exact value, a few KiB per histogram. */
    private final Recorder latency = new Recorder(3);
    private final LongAdder bytes = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();

    void success(long latencyNanos, long byteCount) {
        latency.recordValue(Math.max(1, latencyNanos));
        bytes.add(byteCount);
    }

    void error(String key) {
        errors.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** The latencies recorded since the last call; the recorder starts a fresh interval. Once a second. */
    Histogram interval() {
        return latency.getIntervalHistogram();
    }

    long bytes() {
        return bytes.sum();
    }

    Map<String, Long> errors() {
        Map<String, Long> copy = new TreeMap<>();
        errors.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
