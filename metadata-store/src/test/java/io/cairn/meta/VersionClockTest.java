package io.cairn.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VersionClockTest {

    @Test
    void strictlyIncreasesAndIsNearWallClockMicros() {
        VersionClock clock = new VersionClock();
        long before = System.currentTimeMillis() * 1000;
        long prev = clock.next(0);
        assertThat(prev).isGreaterThanOrEqualTo(before);
        for (int i = 0; i < 100_000; i++) {
            long s = clock.next(0);
            assertThat(s).isGreaterThan(prev);
            prev = s;
        }
    }

    @Test
    void staysAboveTheFloorWhenTheWallClockIsBehind() {
        VersionClock clock = new VersionClock();
        long future = System.currentTimeMillis() * 1000 + 3_600_000_000L;
        assertThat(clock.next(future)).isEqualTo(future + 1);
        assertThat(clock.next(0)).isEqualTo(future + 2);
    }

    @Test
    void uniqueAcrossThreads() {
        VersionClock clock = new VersionClock();
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 8).parallel().forEach(t -> {
            for (int i = 0; i < 20_000; i++) {
                assertThat(seen.add(clock.next(0))).isTrue();
            }
        });
        assertThat(seen).hasSize(160_000);
    }
}
