package io.cairn.meta;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issues version stamps: microseconds since the epoch, bumped so that they strictly increase within the
 * process even when the wall clock steps back or two writes land in the same microsecond.
 */
final class VersionClock {

    private final AtomicLong last = new AtomicLong();

    /**
     * A stamp greater than every stamp issued before and greater than {@code floor}. Callers pass the key's
     * current newest stamp as the floor, so a key's versions stay ordered across a restart after which the
     * wall clock is behind.
     */
    long next(long floor) {
        long now = nowMicros();
        return last.updateAndGet(prev -> Math.max(Math.max(prev, floor) + 1, now));
    }

    private static long nowMicros() {
        Instant t = Instant.now();
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
}
