package io.cairn.bench.cli;

import java.util.Locale;
import java.util.random.RandomGenerator;

/** The weights of the mixed scenario's operations; warp's default blend is GET 45, STAT 30, PUT 15, DELETE 10. */
public record Mix(int get, int stat, int put, int delete) {
    public static final Mix DEFAULT = new Mix(45, 30, 15, 10);

    /** The mixed scenario's four kinds of operation. */
    public enum Kind { GET, STAT, PUT, DELETE }

    public Mix {
        if (get < 0 || stat < 0 || put < 0 || delete < 0 || get + stat + put + delete == 0) {
            throw new IllegalArgumentException("mix weights must be >= 0 and not all 0");
        }
    }

    /** {@code get=45,stat=30,put=15,delete=10}; an operation left out weighs 0. */
    public static Mix parse(String text) {
        int get = 0;
        int stat = 0;
        int put = 0;
        int delete = 0;
        for (String part : text.split(",")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("a mix is get=W,stat=W,put=W,delete=W, not '" + text + "'");
            }
            int weight;
            try {
                weight = Integer.parseInt(kv[1].strip().replace("%", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a weight: '" + kv[1] + "'");
            }
            switch (kv[0].strip().toLowerCase(Locale.ROOT)) {
                case "get" -> get = weight;
                case "stat", "head" -> stat = weight;
                case "put" -> put = weight;
                case "delete" -> delete = weight;
                default -> throw new IllegalArgumentException("unknown operation in mix: '" + kv[0] + "'");
            }
        }
        return new Mix(get, stat, put, delete);
    }

    public Kind pick(RandomGenerator random) {
        int r = random.nextInt(get + stat + put + delete);
        if (r < get) {
            return Kind.GET;
        }
        r -= get;
        if (r < stat) {
            return Kind.STAT;
        }
        r -= stat;
        return r < put ? Kind.PUT : Kind.DELETE;
    }

    @Override
    public String toString() {
        return "get=" + get + ",stat=" + stat + ",put=" + put + ",delete=" + delete;
    }
}
