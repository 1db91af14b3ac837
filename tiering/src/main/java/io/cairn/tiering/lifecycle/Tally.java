package io.cairn.tiering.lifecycle;

import java.time.Duration;

/** The counts of a pass in progress (one scanner thread writes them). */
final class Tally {
    int buckets;
    long examined;
    long expired;
    long noncurrentRemoved;
    long deleteMarkersRemoved;
    long uploadsAborted;
    long transitions;
    long transitionsDeferred;
    long skipped;
    long failures;

    PassReport report(Duration duration) {
        return new PassReport(buckets, examined, expired, noncurrentRemoved, deleteMarkersRemoved, uploadsAborted,
                transitions, transitionsDeferred, skipped, failures, duration);
    }
}
