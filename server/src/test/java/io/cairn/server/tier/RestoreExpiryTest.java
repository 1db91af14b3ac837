package io.cairn.server.tier;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreExpiryTest {

    private static RestoreService service(Duration day) {
        return new RestoreService(null, null, TierLookup.none(), null, day, Runnable::run);
    }

    @Test
    void realDaysRoundUpToMidnightUtcAsS3Does() {
        RestoreService s = service(Duration.ofDays(1));
        assertThat(s.expiry(Instant.parse("2012-12-20T13:45:10Z"), 2)).isEqualTo(Instant.parse("2012-12-23T00:00:00Z"));
        assertThat(s.expiry(Instant.parse("2012-12-20T00:00:00Z"), 1)).isEqualTo(Instant.parse("2012-12-21T00:00:00Z"));
    }

    @Test
    void shortTestDaysAreNotRounded() {
        RestoreService s = service(Duration.ofSeconds(3));
        assertThat(s.expiry(Instant.parse("2012-12-20T13:45:10Z"), 2)).isEqualTo(Instant.parse("2012-12-20T13:45:16Z"));
    }
}
