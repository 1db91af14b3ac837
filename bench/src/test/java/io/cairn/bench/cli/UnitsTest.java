package io.cairn.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void binaryAndDecimalSizes() {
        assertThat(Units.parseSize("4KiB")).isEqualTo(4096);
        assertThat(Units.parseSize("4kib")).isEqualTo(4096);
        assertThat(Units.parseSize("4k")).isEqualTo(4096);
        assertThat(Units.parseSize("1MiB")).isEqualTo(1 << 20);
        assertThat(Units.parseSize("64MiB")).isEqualTo(64L << 20);
        assertThat(Units.parseSize("2GiB")).isEqualTo(2L << 30);
        assertThat(Units.parseSize("1.5MiB")).isEqualTo(3L << 19);
        assertThat(Units.parseSize("4 KiB")).isEqualTo(4096);
        assertThat(Units.parseSize("4KB")).isEqualTo(4000);
        assertThat(Units.parseSize("1MB")).isEqualTo(1_000_000);
        assertThat(Units.parseSize("1000")).isEqualTo(1000);
        assertThat(Units.parseSize("0")).isZero();
        assertThat(Units.parseSize("17B")).isEqualTo(17);
    }

    @Test
    void badSizesAreRefused() {
        assertThatThrownBy(() -> Units.parseSize("KiB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Units.parseSize("4XB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Units.parseSize("1.1B")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Units.parseSize("-4KiB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Units.parseSize("1.2.3MiB")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durations() {
        assertThat(Units.parseDuration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Units.parseDuration("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Units.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Units.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Units.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Units.parseDuration("0s")).isZero();
        assertThatThrownBy(() -> Units.parseDuration("s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Units.parseDuration("3d")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void formatsTheShortestExactForm() {
        assertThat(Units.formatSize(4096)).isEqualTo("4KiB");
        assertThat(Units.formatSize(64L << 20)).isEqualTo("64MiB");
        assertThat(Units.formatSize(3L << 30)).isEqualTo("3GiB");
        assertThat(Units.formatSize(1536)).isEqualTo("1536B");
        assertThat(Units.formatSize(0)).isEqualTo("0B");
        assertThat(Units.formatDuration(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(Units.formatDuration(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Units.formatDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
    }

    @Test
    void sizeRanges() {
        SizeSpec range = SizeSpec.parseRange("1KiB-4KiB");
        SplittableRandom random = new SplittableRandom(1);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long size = range.next(random);
            min = Math.min(min, size);
            max = Math.max(max, size);
        }

        assertThat(range).isEqualTo(new SizeSpec(1024, 4096));
        assertThat(range.isFixed()).isFalse();
        assertThat(min).isGreaterThanOrEqualTo(1024).isLessThan(1100);
        assertThat(max).isLessThanOrEqualTo(4096).isGreaterThan(4000);
        assertThat(SizeSpec.fixed(4096).next(random)).isEqualTo(4096);
        assertThat(range).hasToString("1KiB-4KiB");
        assertThatThrownBy(() -> SizeSpec.parseRange("4KiB-1KiB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SizeSpec.parseRange("4KiB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SizeSpec.parseRange("-4KiB")).isInstanceOf(IllegalArgumentException.class);
    }
}
