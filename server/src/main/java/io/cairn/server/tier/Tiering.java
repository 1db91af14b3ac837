package io.cairn.server.tier;

import io.cairn.meta.MetadataStore;
import io.cairn.server.storage.DataStore;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The remote-tier machinery of one server: transitions, restores, and the background work (queued remote deletions,
 * expiring restored copies) on threads of its own, never on request workers.
 */
public final class Tiering implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Tiering.class.getName());
    /** How often queued remote deletions are retried (tiers that fail also back off on their own). */
    private static final Duration DELETE_PASS = Duration.ofSeconds(1);
    private static final Duration BACKOFF_BASE = Duration.ofSeconds(1);
    private static final Duration BACKOFF_CAP = Duration.ofMinutes(5);
    private static final int RESTORE_THREADS = 2;

    private final TierLookup tiers;
    private final TierHealth health;
    private final TransitionService transitions;
    private final RestoreService restores;
    private final RemoteDeleter deleter;
    private final ScheduledExecutorService background;
    private final ExecutorService restoreCopies;
    private final AtomicBoolean deletePassQueued = new AtomicBoolean();

    private Tiering(MetadataStore metadata, DataStore data, TierLookup tiers, Duration lifecycleDay) {
        this.tiers = tiers;
        this.health = new TierHealth(BACKOFF_BASE, BACKOFF_CAP);
        this.transitions = new TransitionService(metadata, data, tiers, health);
        this.background = Executors.newSingleThreadScheduledExecutor(threads("cairn-tiering"));
        this.restoreCopies = Executors.newFixedThreadPool(RESTORE_THREADS, threads("cairn-restore"));
        this.restores = new RestoreService(metadata, data, tiers, health, lifecycleDay, restoreCopies);
        this.deleter = new RemoteDeleter(metadata, tiers, health, transitions::writing);
    }

    /** Starts the background work: remote deletions and restore expiry (checked a few times per lifecycle day). */
    public static Tiering start(MetadataStore metadata, DataStore data, TierLookup tiers, Duration lifecycleDay) {
        Tiering t = new Tiering(metadata, data, tiers, lifecycleDay);
        long expiryPass = Math.clamp(lifecycleDay.toMillis() / 20, 100, 60_000);
        t.background.scheduleWithFixedDelay(t.guarded("remote deletions", t.deleter::runOnce),
                DELETE_PASS.toMillis(), DELETE_PASS.toMillis(), TimeUnit.MILLISECONDS);
        t.background.scheduleWithFixedDelay(t.guarded("restore expiry", t.restores::expire),
                expiryPass, expiryPass, TimeUnit.MILLISECONDS);
        return t;
    }

    public TierLookup tiers() {
        return tiers;
    }

    public TransitionService transitions() {
        return transitions;
    }

    public RestoreService restores() {
        return restores;
    }

    /** Failed remote calls since start-up, all tiers and operations. */
    public long tierFailures() {
        return health.failures();
    }

    /** Asks for a pass over the remote deletion queue soon (after versions with remote copies were removed). */
    public void deleteRemoteCopiesSoon() {
        if (deletePassQueued.compareAndSet(false, true)) {
            try {
                background.execute(guarded("remote deletions", () -> {
                    deletePassQueued.set(false);
                    deleter.runOnce();
                }));
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // Shutting down: the queue is durable and worked at the next start.
            }
        }
    }

    /** A periodic task must never die of one failure (the executor would silently stop repeating it). */
    private Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, what + " failed", e);
            }
        };
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        background.shutdownNow();
        restoreCopies.shutdownNow();
        try {
            background.awaitTermination(10, TimeUnit.SECONDS);
            restoreCopies.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
