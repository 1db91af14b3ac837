package io.cairn.bench.run;

/**
 * Object names of one run, all under one prefix (a run id) so that a run in a shared bucket removes exactly
 * what it wrote. Prepared names are zero-padded so that listing order is index order.
 */
public final class Keys {
    private final String prefix;

    public Keys(String runId) {
        this.prefix = runId + "/";
    }

    public String prefix() {
        return prefix;
    }

    /** The i-th prepared object (get, stat, delete, mixed, presign). */
    public String object(int i) {
        return prefix + "obj/" + pad(i);
    }

    public String listPrefix() {
        return prefix + "list/";
    }

    /** The i-th key of the list scenario. */
    public String listed(int i) {
        return listPrefix() + pad(i);
    }

    /** A new object written during a run (put, mixed, multipart). */
    public String written(String kind, int worker, long sequence) {
        return prefix + kind + "/" + worker + "/" + sequence;
    }

    private static String pad(int i) {
        String s = Integer.toString(i);
        return "0".repeat(Math.max(0, 8 - s.length())) + s;
    }
}
