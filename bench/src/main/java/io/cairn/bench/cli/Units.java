package io.cairn.bench.cli;

import java.time.Duration;
import java.util.Locale;

/** Sizes and durations as people type them on a command line: {@code 4KiB}, {@code 64MiB}, {@code 30s}. */
public final class Units {
    public static final long KIB = 1024;
    public static final long MIB = 1024 * KIB;
    public static final long GIB = 1024 * MIB;

    private Units() {
    }

    /**
     * A byte count: a plain number is bytes; {@code KiB MiB GiB} (or {@code k m g}, {@code K M G}) are binary,
     * {@code KB MB GB} decimal, as in warp and the IEC standard. Case does not matter; a space before the unit
     * is allowed.
     */
    public static long parseSize(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        int unitStart = 0;
        while (unitStart < s.length() && (Character.isDigit(s.charAt(unitStart)) || s.charAt(unitStart) == '.')) {
            unitStart++;
        }
        if (unitStart == 0) {
            throw new IllegalArgumentException("not a size: '" + text + "' (examples: 4KiB, 1MiB, 64MiB, 1000)");
        }
        long multiplier = switch (s.substring(unitStart)) {
            case "", "b" -> 1;
            case "k", "kib", "ki" -> KIB;
            case "m", "mib", "mi" -> MIB;
            case "g", "gib", "gi" -> GIB;
            case "kb" -> 1000;
            case "mb" -> 1000_000;
            case "gb" -> 1000_000_000;
            default -> throw new IllegalArgumentException("unknown size unit in '" + text
                    + "' (use B, KiB, MiB, GiB, KB, MB or GB)");
        };
        double value;
        try {
            value = Double.parseDouble(s.substring(0, unitStart));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: '" + text + "'");
        }
        double bytes = value * multiplier;
        if (bytes != Math.rint(bytes) || bytes > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("not a whole number of bytes: '" + text + "'");
        }
        return (long) bytes;
    }

    /** A duration: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}; a plain number is seconds. */
    public static Duration parseDuration(String text) {
        String s = text.strip().toLowerCase(Locale.ROOT);
        int unitStart = 0;
        while (unitStart < s.length() && Character.isDigit(s.charAt(unitStart))) {
            unitStart++;
        }
        if (unitStart == 0) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (examples: 500ms, 30s, 2m)");
        }
        long value = Long.parseLong(s.substring(0, unitStart));
        return switch (s.substring(unitStart)) {
            case "ms" -> Duration.ofMillis(value);
            case "", "s" -> Duration.ofSeconds(value);
            case "m", "min" -> Duration.ofMinutes(value);
            case "h" -> Duration.ofHours(value);
            default -> throw new IllegalArgumentException("unknown duration unit in '" + text
                    + "' (use ms, s, m or h)");
        };
    }

    /** The shortest exact binary form: 4096 → "4KiB", 1536 → "1536B", 67108864 → "64MiB". */
    public static String formatSize(long bytes) {
        if (bytes >= GIB && bytes % GIB == 0) {
            return bytes / GIB + "GiB";
        }
        if (bytes >= MIB && bytes % MIB == 0) {
            return bytes / MIB + "MiB";
        }
        if (bytes >= KIB && bytes % KIB == 0) {
            return bytes / KIB + "KiB";
        }
        return bytes + "B";
    }

    /** "30s", "1500ms", "2m". */
    public static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
