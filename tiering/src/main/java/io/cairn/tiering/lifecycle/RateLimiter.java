package io.cairn.tiering.lifecycle;

/**
 * Paces the scanner to a number of examined entries per second, so a pass over millions of versions spreads its
 * metadata reads instead of competing with client requests. Sleeps only once it runs ahead by more than a few
 * milliseconds, so a slow stretch is not followed by a burst larger than that.
 */
final class RateLimiter {
    private static final long SLACK_NANOS = 5_000_000;

    private final long nanosPerPermit;
    private long next = System.nanoTime();

    RateLimiter(int perSecond) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.nanosPerPermit = 1_000_000_000L / perSecond;
    }

    void acquire() throws InterruptedException {
        long now = System.nanoTime();
        // Time not used is not saved up beyond the slack: no burst after an idle stretch.
        next = Math.max(next, now - SLACK_NANOS) + nanosPerPermit;
        long ahead = next - now;
        if (ahead > SLACK_NANOS) {
            Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
        }
    }
}
