package io.cairn.bench.stats;

/**
 * Where requests report to: whichever phase is current when a response completes. Swapping the phase is how
 * warm-up is separated from measurement without stopping the closed loop.
 */
public final class Meter {
    private volatile PhaseStats current;

    public Meter(PhaseStats initial) {
        current = initial;
    }

    /** Makes {@code next} the phase later completions record into; returns the one it replaces. */
    public PhaseStats swap(PhaseStats next) {
        PhaseStats previous = current;
        current = next;
        return previous;
    }

    public PhaseStats current() {
        return current;
    }

    public void success(Op op, long latencyNanos, long bytes) {
        current.success(op, latencyNanos, bytes);
    }

    public void error(Op op, String key) {
        current.error(op, key);
    }
}
