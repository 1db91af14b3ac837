package io.cairn.tiering.lifecycle;

import io.cairn.meta.BucketRecord;
import io.cairn.meta.MetadataException;
import io.cairn.meta.MetadataStore;
import io.cairn.meta.ObjectVersion;
import io.cairn.meta.UploadPage;
import io.cairn.meta.UploadQuery;
import io.cairn.meta.UploadRecord;
import io.cairn.meta.VersionPage;
import io.cairn.meta.VersionQuery;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * One bucket's share of a pass: its versions page by page in ListObjectVersions order (keys ascending, each key's
 * versions newest first), then its incomplete uploads. Only the page in hand and a few fields about the key being
 * walked are held, whatever the bucket's size. Between pages the bucket's configuration is looked up again, so a
 * rule changed or removed mid-pass is honoured from the next page on.
 */
final class BucketPass {
    private static final System.Logger LOG = System.getLogger(BucketPass.class.getName());
    static final int PAGE = 1000;
    private static final int LOGGED_FAILURES = 10;

    private final MetadataStore store;
    private final Function<BucketRecord, Optional<LifecycleEvaluator>> rules;
    private final LifecycleActions actions;
    private final RateLimiter limiter;
    private final Clock clock;
    private final Tally tally;
    private final Stop stop;
    private final int pageSize;

    private BucketRecord bucket;
    private LifecycleEvaluator evaluator;

    // The key being walked: its name, the Last-Modified of the entry before (the successor of the next one), how
    // many noncurrent object versions came so far, and its newest entry when that is a delete marker not yet known
    // to be alone.
    private String key;
    private Instant successorModified;
    private int newerNoncurrent;
    private ObjectVersion pendingMarker;

    /** Tells a pass to end early (the server is stopping). */
    interface Stop {
        boolean requested();
    }

    BucketPass(MetadataStore store, Function<BucketRecord, Optional<LifecycleEvaluator>> rules,
               LifecycleActions actions, RateLimiter limiter, Clock clock, Tally tally, Stop stop, int pageSize) {
        this.store = store;
        this.rules = rules;
        this.actions = actions;
        this.limiter = limiter;
        this.clock = clock;
        this.tally = tally;
        this.stop = stop;
        this.pageSize = pageSize;
    }

    /** Walks one bucket. A bucket deleted meanwhile, or whose configuration was removed, simply ends the walk. */
    void run(BucketRecord start) throws InterruptedException {
        bucket = start;
        try {
            if (!refresh()) {
                return;
            }
            tally.buckets++;
            if (evaluator.actsOnVersions()) {
                walkVersions();
            }
            if (refresh() && evaluator.actsOnUploads()) {
                walkUploads();
            }
        } catch (MetadataException e) {
            // NO_SUCH_BUCKET: deleted during the walk; nothing of it is left to act on.
        }
    }

    private void walkVersions() throws MetadataException, InterruptedException {
        String keyMarker = null;
        String versionIdMarker = null;
        do {
            VersionPage page = store.listVersions(bucket.name(),
                    new VersionQuery("", null, keyMarker, versionIdMarker, pageSize));
            for (VersionPage.Entry e : page.versions()) {
                if (stop.requested()) {
                    return;
                }
                limiter.acquire();
                tally.examined++;
                visit(e);
            }
            if (!page.truncated()) {
                settlePendingMarker();
                return;
            }
            keyMarker = page.nextKeyMarker();
            versionIdMarker = page.nextVersionIdMarker();
        } while (refresh());
    }

    private void visit(VersionPage.Entry e) throws MetadataException {
        ObjectVersion v = e.version();
        if (!v.key().equals(key)) {
            settlePendingMarker();
            key = v.key();
            newerNoncurrent = 0;
            if (v.deleteMarker()) {
                pendingMarker = v;
            } else {
                evaluator.current(v, clock.instant()).ifPresent(a -> applyToCurrent(v, a));
            }
        } else {
            // A second version: the key's newest delete marker is not alone.
            pendingMarker = null;
            evaluator.noncurrent(v, successorModified, newerNoncurrent, clock.instant())
                    .ifPresent(a -> applyToNoncurrent(v, a));
            if (!v.deleteMarker()) {
                newerNoncurrent++;
            }
        }
        successorModified = v.lastModified();
    }

    /** The key's newest entry was a delete marker and no other version of the key followed: it is alone. */
    private void settlePendingMarker() {
        ObjectVersion marker = pendingMarker;
        pendingMarker = null;
        if (marker != null) {
            evaluator.loneDeleteMarker(marker, clock.instant()).ifPresent(a -> act(describe(marker),
                    () -> count(actions.removeLoneDeleteMarker(bucket, marker), Kind.MARKER)));
        }
    }

    private void applyToCurrent(ObjectVersion v, LifecycleAction a) {
        switch (a) {
            case LifecycleAction.Expire expire ->
                    act(describe(v), () -> count(actions.expireCurrent(bucket, v), Kind.EXPIRED));
            case LifecycleAction.TransitionTo t -> act(describe(v), () -> transition(v, t.tier()));
        }
    }

    private void applyToNoncurrent(ObjectVersion v, LifecycleAction a) {
        switch (a) {
            case LifecycleAction.Expire expire ->
                    act(describe(v), () -> count(actions.removeNoncurrent(bucket, v), Kind.NONCURRENT));
            case LifecycleAction.TransitionTo t -> act(describe(v), () -> transition(v, t.tier()));
        }
    }

    private void transition(ObjectVersion v, String tier) throws MetadataException {
        switch (actions.transition(bucket, v, tier)) {
            case MOVED -> tally.transitions++;
            case SKIPPED -> tally.skipped++;
            case DEFERRED -> tally.transitionsDeferred++;
            case FAILED -> tally.failures++;
        }
    }

    private void walkUploads() throws MetadataException, InterruptedException {
        String keyMarker = null;
        String uploadIdMarker = null;
        do {
            UploadPage page = store.listUploads(bucket.name(),
                    new UploadQuery("", null, keyMarker, uploadIdMarker, pageSize));
            for (UploadRecord u : page.uploads()) {
                if (stop.requested()) {
                    return;
                }
                limiter.acquire();
                tally.examined++;
                if (evaluator.upload(u, clock.instant()).isPresent()) {
                    act("key " + u.key() + " upload " + u.uploadId(),
                            () -> count(actions.abortUpload(bucket, u), Kind.UPLOAD));
                }
            }
            if (!page.truncated()) {
                return;
            }
            keyMarker = page.nextKeyMarker();
            uploadIdMarker = page.nextUploadIdMarker();
        } while (refresh());
    }

    /**
     * The bucket's record and rules as they are now.
     *
     * @return false when the bucket is gone (or is a new bucket of the same name) or has no rules any more
     */
    private boolean refresh() {
        Optional<BucketRecord> now = store.bucket(bucket.name());
        if (now.isEmpty() || now.get().id() != bucket.id()) {
            return false;
        }
        bucket = now.get();
        Optional<LifecycleEvaluator> e = rules.apply(bucket);
        evaluator = e.orElse(null);
        return e.isPresent();
    }

    private enum Kind { EXPIRED, NONCURRENT, MARKER, UPLOAD }

    private void count(boolean applied, Kind kind) {
        if (!applied) {
            tally.skipped++;
            return;
        }
        switch (kind) {
            case EXPIRED -> tally.expired++;
            case NONCURRENT -> tally.noncurrentRemoved++;
            case MARKER -> tally.deleteMarkersRemoved++;
            case UPLOAD -> tally.uploadsAborted++;
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws MetadataException;
    }

    private static String describe(ObjectVersion v) {
        return "key " + v.key() + " version " + v.versionId();
    }

    /** Runs one action; a failure is counted and logged (the first few of a pass), and the walk goes on. */
    private void act(String what, Work work) {
        try {
            work.run();
        } catch (MetadataException e) {
            // NO_SUCH_BUCKET: the next page's refresh ends the walk.
            tally.skipped++;
        } catch (RuntimeException e) {
            if (tally.failures++ < LOGGED_FAILURES) {
                LOG.log(System.Logger.Level.WARNING, "lifecycle action failed on bucket " + bucket.name() + " "
                        + what, e);
            }
        }
    }
}
