package io.cairn.server.tier;

import io.cairn.tiering.remote.TierException;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Whether each remote tier is worth calling now. A failure starts (or lengthens) a backoff, doubling from
 * {@code base} up to {@code cap}, during which background work skips the tier; the first failure of a burst is
 * logged, the rest only counted, and the first success after a burst is logged once. So a tier that is down for
 * an hour costs a few log lines and a few calls, not one of each per object.
 */
public final class TierHealth {
    private static final System.Logger LOG = System.getLogger(TierHealth.class.getName());

    private final Duration base;
    private final Duration cap;
    private final ConcurrentHashMap<String, Burst> bursts = new ConcurrentHashMap<>();
    private final LongAdder failures = new LongAdder();

    /** Consecutive failures of one tier and when it may be tried again (System.nanoTime). */
    private record Burst(int failures, long retryAt) {
    }

    public TierHealth(Duration base, Duration cap) {
        this.base = base;
        this.cap = cap;
    }

    /** False while the tier is backing off after a failure. */
    public boolean ready(String tier) {
        Burst b = bursts.get(tier);
        return b == null || System.nanoTime() - b.retryAt >= 0;
    }

    /** Records a failed call; {@code what} names the operation for the log ("transition", "delete", ...). */
    public void failed(String tier, String what, TierException e) {
        failures.increment();
        Burst b = bursts.compute(tier, (t, old) -> {
            int n = old == null ? 1 : old.failures + 1;
            long delay = Math.min(cap.toNanos(), base.toNanos() << Math.min(n - 1, 30));
            return new Burst(n, System.nanoTime() + delay);
        });
        if (b.failures == 1) {
            LOG.log(System.Logger.Level.WARNING, "remote tier {0} failed ({1}{2}): {3}; backing off, further "
                    + "failures are counted, not logged", tier, what, e.retryable() ? "" : ", not retryable",
                    e.getMessage());
        }
    }

    /** Records a successful call, ending a burst of failures. */
    public void succeeded(String tier) {
        Burst b = bursts.remove(tier);
        if (b != null) {
            LOG.log(System.Logger.Level.INFO, "remote tier {0} works again after {1} failed calls", tier, b.failures);
        }
    }

    /** Failed calls since start-up, all tiers. */
    public long failures() {
        return failures.sum();
    }
}
