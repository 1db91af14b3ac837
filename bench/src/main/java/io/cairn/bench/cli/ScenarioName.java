package io.cairn.bench.cli;

import java.util.Locale;

/** The scenarios the tool runs; each measures one operation, or (mixed) a weighted blend. */
public enum ScenarioName {
    PUT, GET, STAT, DELETE, LIST, MULTIPART, MIXED;

    public static ScenarioName parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scenario '" + text
                    + "' (put, get, stat, delete, list, multipart or mixed)");
        }
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
