package io.cairn.tiering.lifecycle;

import io.cairn.meta.ObjectVersion;
import io.cairn.meta.UploadRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, for one bucket's rules, what is due for an object version, a lone delete marker or an incomplete
 * upload at a given moment. Only enabled rules count. Where several rules apply, expiration wins over
 * transition (as in S3), the earliest expiry is reported, and of several transitions due the latest stage.
 * Delete markers have no size and no tags: they are matched as size 0 without tags. Immutable, thread-safe.
 */
public final class LifecycleEvaluator {
    private final List<Rule> rules;
    private final DueDates dates;

    /** @param day the length of a lifecycle day (ServerConfig.lifecycleDay(): 24 h, shorter in tests) */
    public LifecycleEvaluator(LifecycleConfiguration config, Duration day) {
        this.rules = config.rules().stream().filter(Rule::enabled).toList();
        this.dates = new DueDates(day);
    }

    /** Whether any enabled rule acts on object versions (else a walk of the versions can be skipped). */
    public boolean actsOnVersions() {
        return rules.stream().anyMatch(r -> r.expiration() != null || !r.transitions().isEmpty()
                || r.noncurrentVersionExpiration() != null || !r.noncurrentVersionTransitions().isEmpty());
    }

    /** Whether any enabled rule aborts incomplete multipart uploads. */
    public boolean actsOnUploads() {
        return rules.stream().anyMatch(r -> r.abortIncompleteMultipartUpload() != null);
    }

    /**
     * For the current version of a key (not a delete marker): expiration when a rule's Days (from its creation)
     * or Date has come, else the transition due. A version already moved to a tier is not moved again.
     */
    public Optional<LifecycleAction> current(ObjectVersion v, Instant now) {
        if (v.deleteMarker()) {
            return Optional.empty();
        }
        Optional<Expiry> expiry = expiry(v);
        if (expiry.isPresent() && !expiry.get().date().isAfter(now)) {
            return Optional.of(new LifecycleAction.Expire(expiry.get().ruleId()));
        }
        if (v.transitioned()) {
            return Optional.empty();
        }
        LifecycleAction best = null;
        Instant bestDue = null;
        for (Rule r : rules) {
            if (!transitionable(r, v)) {
                continue;
            }
            for (Transition t : r.transitions()) {
                Instant due = t.date() != null ? t.date() : dates.after(v.lastModified(), t.days());
                if (!due.isAfter(now) && (bestDue == null || due.isAfter(bestDue))) {
                    best = new LifecycleAction.TransitionTo(r.id(), t.storageClass());
                    bestDue = due;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * For a noncurrent version or delete marker.
     *
     * @param noncurrentSince when it became noncurrent: the Last-Modified of the next newer version
     * @param newerNoncurrent how many noncurrent object versions (delete markers not counted) are newer than it
     */
    public Optional<LifecycleAction> noncurrent(ObjectVersion v, Instant noncurrentSince, int newerNoncurrent,
                                                Instant now) {
        for (Rule r : rules) {
            NoncurrentVersionExpiration e = r.noncurrentVersionExpiration();
            if (e != null && selects(r, v) && enoughNewer(e.newerNoncurrentVersions(), newerNoncurrent)
                    && !dates.after(noncurrentSince, e.noncurrentDays()).isAfter(now)) {
                return Optional.of(new LifecycleAction.Expire(r.id()));
            }
        }
        if (v.deleteMarker() || v.transitioned()) {
            return Optional.empty();
        }
        LifecycleAction best = null;
        Instant bestDue = null;
        for (Rule r : rules) {
            if (!transitionable(r, v)) {
                continue;
            }
            for (NoncurrentVersionTransition t : r.noncurrentVersionTransitions()) {
                Instant due = dates.after(noncurrentSince, t.noncurrentDays());
                if (enoughNewer(t.newerNoncurrentVersions(), newerNoncurrent) && !due.isAfter(now)
                        && (bestDue == null || due.isAfter(bestDue))) {
                    best = new LifecycleAction.TransitionTo(r.id(), t.storageClass());
                    bestDue = due;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * For a delete marker that is its key's only version (an expired object delete marker): removed by a rule
     * with ExpiredObjectDeleteMarker, or, as S3 does, by a rule whose Expiration Days (counted from the marker's
     * creation) or Date has come.
     */
    public Optional<LifecycleAction> loneDeleteMarker(ObjectVersion marker, Instant now) {
        for (Rule r : rules) {
            Expiration e = r.expiration();
            if (e == null || !selects(r, marker)) {
                continue;
            }
            boolean due = e.removesExpiredDeleteMarkers()
                    || e.days() != null && !dates.after(marker.lastModified(), e.days()).isAfter(now)
                    || e.date() != null && !e.date().isAfter(now);
            if (due) {
                return Optional.of(new LifecycleAction.Expire(r.id()));
            }
        }
        return Optional.empty();
    }

    /** For an incomplete multipart upload: the rule that aborts it now, if any. */
    public Optional<LifecycleAction> upload(UploadRecord upload, Instant now) {
        for (Rule r : rules) {
            AbortIncompleteMultipartUpload a = r.abortIncompleteMultipartUpload();
            if (a != null && r.matches(upload.key(), 0, Map.of())
                    && !dates.after(upload.initiated(), a.daysAfterInitiation()).isAfter(now)) {
                return Optional.of(new LifecycleAction.Expire(r.id()));
            }
        }
        return Optional.empty();
    }

    /** The earliest expiration a rule sets for this current version (x-amz-expiration), if any. */
    public Optional<Expiry> expiry(ObjectVersion v) {
        if (v.deleteMarker()) {
            return Optional.empty();
        }
        Expiry earliest = null;
        for (Rule r : rules) {
            Expiration e = r.expiration();
            if (e == null || e.days() == null && e.date() == null || !selects(r, v)) {
                continue;
            }
            Instant due = e.date() != null ? e.date() : dates.after(v.lastModified(), e.days());
            if (earliest == null || due.isBefore(earliest.date())) {
                earliest = new Expiry(due, r.id());
            }
        }
        return Optional.ofNullable(earliest);
    }

    private static boolean selects(Rule r, ObjectVersion v) {
        return r.matches(v.key(), v.deleteMarker() ? 0 : v.size(), v.tags());
    }

    /** Small objects stay local unless the rule's filter names a size of its own (S3's default minimum). */
    private static boolean transitionable(Rule r, ObjectVersion v) {
        return selects(r, v) && (r.hasSizeCondition() || v.size() >= TransitionDefaultMinimumObjectSize.MINIMUM_SIZE);
    }

    private static boolean enoughNewer(Integer required, int newer) {
        return required == null || newer >= required;
    }
}
