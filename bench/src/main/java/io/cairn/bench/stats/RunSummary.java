package io.cairn.bench.stats;

import java.util.List;

/**
 * A finished run: the measured operations and what the client itself spent on them.
 *
 * @param seconds  the measured window (shorter than asked when a delete run ran out of objects)
 * @param cpuNanos CPU time of the whole client process (all threads, GC and JIT included) in that window
 * @param notes    things a reader must know to trust the numbers (ran out of objects, errors during set-up)
 */
public record RunSummary(double seconds, List<OpSummary> operations, long cpuNanos, int clientThreads,
                         int cores, List<String> notes) {

    public long requests() {
        return operations.stream().mapToLong(OpSummary::requests).sum();
    }

    public long errorCount() {
        return operations.stream().mapToLong(OpSummary::errorCount).sum();
    }

    /** Client CPU per request in microseconds; 0 when nothing ran. */
    public double cpuMicrosPerRequest() {
        long n = requests();
        return n == 0 ? 0 : cpuNanos / 1e3 / n;
    }

    /** How many cores the client kept busy on average: 1.0 on a 2-core box means it took half the machine. */
    public double cpuCores() {
        return seconds > 0 ? cpuNanos / 1e9 / seconds : 0;
    }
}
