package io.cairn.bench.cli;

import java.util.random.RandomGenerator;

/** Object sizes: one fixed size, or uniformly random between min and max inclusive. */
public record SizeSpec(long min, long max) {

    public SizeSpec {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("a size range needs 0 <= MIN <= MAX, not " + min + "-" + max);
        }
    }

    public static SizeSpec fixed(long size) {
        return new SizeSpec(size, size);
    }

    /** {@code MIN-MAX}, e.g. {@code 1KiB-1MiB}. */
    public static SizeSpec parseRange(String text) {
        int dash = text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1) {
            throw new IllegalArgumentException("a size range is MIN-MAX, e.g. 1KiB-1MiB, not '" + text + "'");
        }
        return new SizeSpec(Units.parseSize(text.substring(0, dash)), Units.parseSize(text.substring(dash + 1)));
    }

    public boolean isFixed() {
        return min == max;
    }

    public long next(RandomGenerator random) {
        return isFixed() ? min : random.nextLong(min, max + 1);
    }

    @Override
    public String toString() {
        return isFixed() ? Units.formatSize(min) : Units.formatSize(min) + "-" + Units.formatSize(max);
    }
}
