package io.cairn.meta;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * A brute-force model of S3 listing to check the seek-based implementation against: compute every entry of
 * the whole listing, then keep those strictly after startAfter.
 */
final class ListingReference {

    /** S3 orders keys by their UTF-8 bytes, which differs from {@link String#compareTo} above U+FFFF. */
    static final Comparator<String> UTF8 =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    record Entry(String name, boolean commonPrefix) {
    }

    private ListingReference() {
    }

    static List<Entry> entries(Collection<String> liveKeys, String prefix, String delimiter, String startAfter) {
        String p = prefix == null ? "" : prefix;
        String d = delimiter == null ? "" : delimiter;
        TreeMap<String, Entry> all = new TreeMap<>(UTF8);
        for (String key : liveKeys) {
            if (!key.startsWith(p)) {
                continue;
            }
            int at = d.isEmpty() ? -1 : key.indexOf(d, p.length());
            if (at >= 0) {
                String cp = key.substring(0, at + d.length());
                all.put(cp, new Entry(cp, true));
            } else {
                all.put(key, new Entry(key, false));
            }
        }
        List<Entry> result = new ArrayList<>();
        for (Entry e : all.values()) {
            if (startAfter == null || UTF8.compare(e.name(), startAfter) > 0) {
                result.add(e);
            }
        }
        return result;
    }

    /** The page's objects and common prefixes merged back into one ordered sequence. */
    static List<Entry> entries(ListPage page) {
        List<Entry> merged = new ArrayList<>();
        page.objects().forEach(o -> merged.add(new Entry(o.key(), false)));
        page.commonPrefixes().forEach(cp -> merged.add(new Entry(cp, true)));
        merged.sort(Comparator.comparing(Entry::name, UTF8));
        return merged;
    }
}
