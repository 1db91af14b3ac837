package io.cairn.server.http;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/** Request ids: unique per process, unpredictable start, cheap (a counter, no per-request randomness). */
final class RequestIds {
    private static final AtomicLong NEXT = new AtomicLong(new SecureRandom().nextLong() & 0x0FFF_FFFF_FFFF_FFFFL);

    private RequestIds() {
    }

    static String next() {
        String hex = Long.toHexString(NEXT.incrementAndGet()).toUpperCase(java.util.Locale.ROOT);
        return "0".repeat(Math.max(0, 16 - hex.length())) + hex;
    }
}
