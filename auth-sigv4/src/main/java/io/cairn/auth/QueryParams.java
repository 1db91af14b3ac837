package io.cairn.auth;

import java.util.ArrayList;
import java.util.List;

/** A raw query string split into parameters; raw forms are kept because signatures are computed over them. */
final class QueryParams {

    /**
     * @param rawName  the name as sent
     * @param rawValue the value as sent, or null when the parameter had no '='
     * @param name     the percent-decoded name
     * @param value    the percent-decoded value; empty when the parameter had no '='
     */
    record Param(String rawName, String rawValue, String name, String value) {
    }

    private final List<Param> params;

    private QueryParams(List<Param> params) {
        this.params = params;
    }

    static QueryParams parse(String rawQuery) {
        List<Param> params = new ArrayList<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            int start = 0;
            int n = rawQuery.length();
            while (start <= n) {
                int amp = rawQuery.indexOf('&', start);
                int end = amp < 0 ? n : amp;
                if (end > start) {
                    String part = rawQuery.substring(start, end);
                    int eq = part.indexOf('=');
                    String rawName = eq < 0 ? part : part.substring(0, eq);
                    String rawValue = eq < 0 ? null : part.substring(eq + 1);
                    // Decoded once here: the verifier asks for the same few values several times.
                    params.add(new Param(rawName, rawValue, UriEncoding.decodeToString(rawName),
                            rawValue == null ? "" : UriEncoding.decodeToString(rawValue)));
                }
                start = end + 1;
            }
        }
        return new QueryParams(params);
    }

    List<Param> all() {
        return params;
    }

    boolean has(String name) {
        return count(name) > 0;
    }

    int count(String name) {
        int count = 0;
        for (Param p : params) {
            if (p.name().equals(name)) {
                count++;
            }
        }
        return count;
    }

    /** The decoded value of the first parameter with this (case-sensitive) name, or null. */
    String first(String name) {
        for (Param p : params) {
            if (p.name().equals(name)) {
                return p.value();
            }
        }
        return null;
    }
}
