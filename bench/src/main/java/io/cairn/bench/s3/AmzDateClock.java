package io.cairn.bench.s3;

import io.cairn.auth.RequestSigner;

import java.time.Instant;

/** x-amz-date for "now", formatted once per second instead of once per request. */
final class AmzDateClock {
    private volatile Stamp last = new Stamp(-1, "");

    String now() {
        long second = System.currentTimeMillis() / 1000;
        Stamp s = last;
        if (s.second != second) {
            s = new Stamp(second, RequestSigner.amzDate(Instant.ofEpochSecond(second)));
            last = s;
        }
        return s.value;
    }

    private record Stamp(long second, String value) {
    }
}
