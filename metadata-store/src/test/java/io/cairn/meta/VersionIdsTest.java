package io.cairn.meta;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VersionIdsTest {

    private final VersionIds ids = new VersionIds();

    @Test
    void stampRoundTripsThroughTheId() {
        Random random = new Random(3);
        List<Long> stamps = new ArrayList<>(List.of(0L, 1L, 63L, 64L, Long.MAX_VALUE, 1_700_000_000_000_000L));
        for (int i = 0; i < 10_000; i++) {
            stamps.add(random.nextLong() >>> 1);
        }
        for (long stamp : stamps) {
            String id = ids.create(stamp);
            // Never a leading '-': option-parsing CLIs would take the id for an option.
            assertThat(id).hasSize(VersionIds.LENGTH).matches("[0-9][0-9A-Za-z_~]+");
            assertThat(VersionIds.stampOf(id)).as(id).isEqualTo(stamp);
        }
    }

    @Test
    void idsSortLikeTheirStamps() {
        Random random = new Random(4);
        for (int i = 0; i < 10_000; i++) {
            long a = random.nextLong() >>> 1;
            long b = random.nextInt(3) == 0 ? a + 1 : random.nextLong() >>> 1;
            assertThat(Integer.signum(ids.create(a).compareTo(ids.create(b)))).as("%d vs %d", a, b)
                    .isEqualTo(Long.signum(Long.compare(a, b)));
        }
    }

    @Test
    void sameStampGivesDifferentUnguessableIds() {
        Set<String> seen = new HashSet<>();
        Set<String> tails = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = ids.create(42);
            assertThat(seen.add(id)).isTrue();
            tails.add(id.substring(11));
        }
        assertThat(tails).hasSize(10_000);
    }

    @Test
    void stringsThatAreNotOurIdsDoNotDecode() {
        String good = ids.create(1234);
        assertThat(VersionIds.stampOf("null")).isEqualTo(-1);
        assertThat(VersionIds.stampOf(null)).isEqualTo(-1);
        assertThat(VersionIds.stampOf("")).isEqualTo(-1);
        assertThat(VersionIds.stampOf(good.substring(1))).isEqualTo(-1);
        assertThat(VersionIds.stampOf(good + "x")).isEqualTo(-1);
        assertThat(VersionIds.stampOf(good.substring(0, 31) + "+")).isEqualTo(-1);
        assertThat(VersionIds.stampOf(good.substring(0, 31) + "é")).isEqualTo(-1);
        // 11 characters hold 66 bits: a first character worth 8 or more ('8' is) would overflow a long.
        assertThat(VersionIds.stampOf("8" + good.substring(1))).isEqualTo(-1);
        assertThat(VersionIds.stampOf("7" + good.substring(1))).isGreaterThan(0);
    }
}
