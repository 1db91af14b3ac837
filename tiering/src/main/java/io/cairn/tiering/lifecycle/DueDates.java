package io.cairn.tiering.lifecycle;

import java.time.Duration;
import java.time.Instant;

/**
 * When "N days after" a moment falls. With a real day, as S3: the days are added and the result is rounded up to
 * the next midnight UTC (created 1 Jan 10:30, 3 days: due 5 Jan 00:00; 0 days: the midnight after creation). With
 * a shortened test day there is no calendar to round to: due = start + N x day exactly.
 */
final class DueDates {
    private static final long SECONDS_PER_DAY = 86_400;
    private static final Duration REAL_DAY = Duration.ofDays(1);

    private final Duration day;

    DueDates(Duration day) {
        if (day.isNegative() || day.isZero()) {
            throw new IllegalArgumentException("a lifecycle day must be positive");
        }
        this.day = day;
    }

    Instant after(Instant start, int days) {
        if (day.equals(REAL_DAY)) {
            long epochDay = Math.floorDiv(start.getEpochSecond(), SECONDS_PER_DAY) + days + 1;
            return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY);
        }
        return start.plus(day.multipliedBy(days));
    }
}
