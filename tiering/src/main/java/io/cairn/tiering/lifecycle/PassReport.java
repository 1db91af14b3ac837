package io.cairn.tiering.lifecycle;

import java.time.Duration;

/**
 * What one scanner pass did.
 *
 * @param buckets            buckets with a lifecycle configuration that were walked
 * @param examined           versions, delete markers and uploads looked at
 * @param expired            current versions expired (removed, or hidden behind a delete marker)
 * @param noncurrentRemoved  noncurrent versions and delete markers removed
 * @param deleteMarkersRemoved delete markers removed because no version was left behind them
 * @param uploadsAborted     incomplete multipart uploads aborted
 * @param transitions        versions moved to a tier
 * @param transitionsDeferred due transitions left for a later pass because their tier failed or backs off
 * @param skipped            actions not applied because the object changed between the look and the action
 * @param failures           actions that failed (logged; the next pass tries again)
 */
public record PassReport(int buckets, long examined, long expired, long noncurrentRemoved,
                         long deleteMarkersRemoved, long uploadsAborted, long transitions, long transitionsDeferred,
                         long skipped, long failures, Duration duration) {

    /** Whether the pass changed anything or ran into trouble (quiet passes are not logged). */
    public boolean eventful() {
        return expired + noncurrentRemoved + deleteMarkersRemoved + uploadsAborted + transitions
                + transitionsDeferred + skipped + failures > 0;
    }

    /** Nothing done yet: the start of a running total. */
    public static final PassReport NONE = new PassReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO);

    /** The counts of both (for running totals across passes). */
    public PassReport plus(PassReport o) {
        return new PassReport(buckets + o.buckets, examined + o.examined, expired + o.expired,
                noncurrentRemoved + o.noncurrentRemoved, deleteMarkersRemoved + o.deleteMarkersRemoved,
                uploadsAborted + o.uploadsAborted, transitions + o.transitions,
                transitionsDeferred + o.transitionsDeferred, skipped + o.skipped, failures + o.failures,
                duration.plus(o.duration));
    }

    /** The counts as a JSON object (for the admin API). */
    public String toJson() {
        return "{\"buckets\":" + buckets + ",\"examined\":" + examined + ",\"expired\":" + expired
                + ",\"noncurrentRemoved\":" + noncurrentRemoved + ",\"deleteMarkersRemoved\":" + deleteMarkersRemoved
                + ",\"uploadsAborted\":" + uploadsAborted + ",\"transitions\":" + transitions
                + ",\"transitionsDeferred\":" + transitionsDeferred + ",\"skipped\":" + skipped
                + ",\"failures\":" + failures + ",\"millis\":" + duration.toMillis() + "}";
    }
}
