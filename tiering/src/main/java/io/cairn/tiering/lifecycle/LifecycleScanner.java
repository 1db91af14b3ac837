package io.cairn.tiering.lifecycle;

import io.cairn.meta.BucketRecord;
import io.cairn.meta.MetadataStore;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The background pass that applies lifecycle rules: {@code interval} after the previous one ended (the first one
 * interval after start), and whenever {@link #scanNow()} asks, it walks every bucket that has a lifecycle
 * configuration and has the {@link LifecycleActions} do what is due. Passes run one at a time on the scanner's own thread, never on request
 * workers, at no more than {@code rate} examined entries per second. A pass keeps no state between runs: after a
 * restart the next pass finds whatever is still due.
 */
public final class LifecycleScanner implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LifecycleScanner.class.getName());

    private final MetadataStore store;
    private final Function<BucketRecord, Optional<LifecycleEvaluator>> rules;
    private final LifecycleActions actions;
    private final int rate;
    private final Duration interval;
    private final Clock clock;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Passes started and ended so far, and whether {@link #scanNow} wants one without waiting for the interval. */
    private long started;
    private long completed;
    private boolean wanted;
    private PassReport lastReport;
    private PassReport totals = PassReport.NONE;
    private volatile boolean stopping;

    /**
     * @param rules    the evaluator for a bucket's current configuration, empty when it has none
     * @param rate     entries (versions, delete markers, uploads) examined per second at most
     * @param interval time from the end of one pass to the start of the next scheduled one
     */
    public LifecycleScanner(MetadataStore store, Function<BucketRecord, Optional<LifecycleEvaluator>> rules,
                            LifecycleActions actions, int rate, Duration interval, Clock clock) {
        if (rate <= 0 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("scanner rate and interval must be positive");
        }
        this.store = store;
        this.rules = rules;
        this.actions = actions;
        this.rate = rate;
        this.interval = interval;
        this.clock = clock;
        this.thread = new Thread(this::loop, "cairn-lifecycle-scanner");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Has the scanner thread run a pass that starts after this call, and waits for it to end.
     *
     * @throws IllegalStateException when the scanner is stopping
     */
    public PassReport scanNow() throws InterruptedException {
        lock.lock();
        try {
            if (stopping || !thread.isAlive()) {
                throw new IllegalStateException("the lifecycle scanner is not running");
            }
            // The next pass to start is the first one that starts after this call.
            long ticket = started + 1;
            wanted = true;
            changed.signalAll();
            while (completed < ticket) {
                if (stopping) {
                    throw new IllegalStateException("the lifecycle scanner stopped");
                }
                changed.await();
            }
            return lastReport;
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        try {
            passes();
        } finally {
            // However the thread ends, nobody may keep waiting in scanNow for a pass that will never run.
            lock.lock();
            try {
                stopping = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void passes() {
        while (!stopping) {
            lock.lock();
            try {
                long deadline = System.nanoTime() + interval.toNanos();
                while (!stopping && !wanted && System.nanoTime() < deadline) {
                    changed.awaitNanos(deadline - System.nanoTime());
                }
                if (stopping) {
                    return;
                }
                wanted = false;
                started++;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            PassReport report;
            try {
                report = pass();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "lifecycle pass failed; the next pass tries again", e);
                report = new Tally().report(Duration.ZERO);
            }
            lock.lock();
            try {
                completed++;
                lastReport = report;
                totals = totals.plus(report);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Passes completed since start-up. */
    public long completedPasses() {
        lock.lock();
        try {
            return completed;
        } finally {
            lock.unlock();
        }
    }

    /** The counts of every pass completed since start-up, added up (for monitoring). */
    public PassReport totals() {
        lock.lock();
        try {
            return totals;
        } finally {
            lock.unlock();
        }
    }

    /** One pass over every bucket with a lifecycle configuration. */
    private PassReport pass() throws InterruptedException {
        long t0 = System.nanoTime();
        Tally tally = new Tally();
        RateLimiter limiter = new RateLimiter(rate);
        for (BucketRecord b : store.listBuckets()) {
            if (stopping) {
                break;
            }
            if (b.lifecycle() != null) {
                new BucketPass(store, rules, actions, limiter, clock, tally, () -> stopping, BucketPass.PAGE).run(b);
            }
        }
        PassReport report = tally.report(Duration.ofNanos(System.nanoTime() - t0));
        if (report.eventful()) {
            LOG.log(System.Logger.Level.INFO, "lifecycle pass: {0} buckets, {1} entries examined, {2} expired, "
                    + "{3} noncurrent versions and {4} lone delete markers removed, {5} uploads aborted, "
                    + "{6} transitions ({7} deferred: tier unavailable), {8} skipped (changed meanwhile), {9} failed, "
                    + "{10} ms", report.buckets(), report.examined(), report.expired(), report.noncurrentRemoved(),
                    report.deleteMarkersRemoved(), report.uploadsAborted(), report.transitions(),
                    report.transitionsDeferred(), report.skipped(), report.failures(), report.duration().toMillis());
        }
        return report;
    }

    /** Stops the scanner: a pass in progress ends at its next entry. Waits for the thread to finish. */
    @Override
    public void close() {
        lock.lock();
        try {
            stopping = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        // No interrupt: it could break a file operation of an action half way; the pass checks stopping per entry.
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
