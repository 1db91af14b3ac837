package io.cairn.meta;

import static io.cairn.meta.ObjectVersion.NULL_VERSION;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An independent model of S3 versioning: what each key's versions should be after a sequence of writes, and the
 * brute-force ListObjectVersions over them (every entry of the whole listing, then those after the marker).
 * Writes go through the real store; the model applies the S3 rules itself and checks what the store says it
 * displaced.
 */
final class VersionModel {

    /** One version or delete marker as the model knows it. */
    record Version(String key, String versionId, boolean marker, String dataId) {
    }

    /** One listing entry: a version (with its IsLatest flag) or a common prefix. */
    record Entry(String name, String versionId, boolean latest, boolean commonPrefix) {
    }

    /** Every key's versions, newest first, keys in S3 (UTF-8) order. */
    final Map<String, List<Version>> keys = new TreeMap<>(ListingReference.UTF8);

    void put(VersioningState state, WriteResult w) {
        ObjectVersion v = w.written();
        List<Version> versions = keys.computeIfAbsent(v.key(), k -> new ArrayList<>());
        List<Version> expectedDisplaced = switch (state) {
            case ENABLED -> List.of();
            case SUSPENDED -> removeNull(versions);
            case UNVERSIONED -> {
                List<Version> all = new ArrayList<>(versions);
                versions.clear();
                yield all;
            }
        };
        if (state == VersioningState.ENABLED) {
            assertThat(v.versionId()).isNotEqualTo(NULL_VERSION).hasSize(VersionIds.LENGTH);
        } else {
            assertThat(v.versionId()).isEqualTo(NULL_VERSION);
        }
        assertDisplaced(w, expectedDisplaced);
        versions.addFirst(new Version(v.key(), v.versionId(), v.deleteMarker(), v.dataId()));
    }

    void deleteUnversioned(String key, WriteResult w) {
        List<Version> removed = keys.containsKey(key) ? keys.remove(key) : List.of();
        assertThat(w.written()).isNull();
        assertDisplaced(w, removed);
    }

    void deleteVersion(String key, String versionId, WriteResult w) {
        List<Version> versions = keys.getOrDefault(key, new ArrayList<>());
        List<Version> removed = new ArrayList<>();
        versions.removeIf(v -> v.versionId().equals(versionId) && removed.add(v));
        if (versions.isEmpty()) {
            keys.remove(key);
        }
        assertThat(w.written()).isNull();
        assertDisplaced(w, removed);
    }

    Set<String> liveKeys() {
        Set<String> live = new LinkedHashSet<>();
        keys.forEach((k, versions) -> {
            if (!versions.isEmpty() && !versions.getFirst().marker()) {
                live.add(k);
            }
        });
        return live;
    }

    /** The whole listing for a prefix and delimiter. */
    List<Entry> entries(String prefix, String delimiter) {
        String p = prefix == null ? "" : prefix;
        String d = delimiter == null ? "" : delimiter;
        List<Entry> all = new ArrayList<>();
        String lastPrefix = null;
        for (Map.Entry<String, List<Version>> e : keys.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(p) || e.getValue().isEmpty()) {
                continue;
            }
            int at = d.isEmpty() ? -1 : key.indexOf(d, p.length());
            if (at >= 0) {
                String cp = key.substring(0, at + d.length());
                if (!cp.equals(lastPrefix)) {
                    all.add(new Entry(cp, null, false, true));
                    lastPrefix = cp;
                }
                continue;
            }
            boolean first = true;
            for (Version v : e.getValue()) {
                all.add(new Entry(key, v.versionId(), first, false));
                first = false;
            }
        }
        return all;
    }

    /**
     * The entries after a marker: common prefixes sorting after keyMarker, and versions of later keys or, with a
     * versionIdMarker, of keyMarker after that version (all of them when the key has no such version).
     */
    List<Entry> after(List<Entry> all, String keyMarker, String versionIdMarker) {
        if (keyMarker == null || keyMarker.isEmpty()) {
            return all;
        }
        List<Version> markerKey = keys.getOrDefault(keyMarker, List.of());
        int markerIndex = -1;
        for (int i = 0; i < markerKey.size(); i++) {
            if (markerKey.get(i).versionId().equals(versionIdMarker)) {
                markerIndex = i;
            }
        }
        List<Entry> result = new ArrayList<>();
        int indexInKey = 0;
        for (Entry e : all) {
            int c = ListingReference.UTF8.compare(e.name(), keyMarker);
            if (e.commonPrefix()) {
                if (c > 0) {
                    result.add(e);
                }
                continue;
            }
            if (c > 0) {
                result.add(e);
            } else if (c == 0 && versionIdMarker != null) {
                if (indexInKey > markerIndex) {
                    result.add(e);
                }
                indexInKey++;
            }
        }
        return result;
    }

    /** A page merged back into one sequence: in S3 XML versions and prefixes are separate lists. */
    static List<Entry> entries(VersionPage page) {
        List<Entry> merged = new ArrayList<>();
        for (VersionPage.Entry e : page.versions()) {
            merged.add(new Entry(e.version().key(), e.version().versionId(), e.latest(), false));
        }
        for (String cp : page.commonPrefixes()) {
            merged.add(new Entry(cp, null, false, true));
        }
        // Stable: versions of one key keep their newest-first order.
        merged.sort((a, b) -> ListingReference.UTF8.compare(a.name(), b.name()));
        return merged;
    }

    private static List<Version> removeNull(List<Version> versions) {
        List<Version> removed = new ArrayList<>();
        versions.removeIf(v -> v.versionId().equals(NULL_VERSION) && removed.add(v));
        return removed;
    }

    private static void assertDisplaced(WriteResult w, List<Version> expected) {
        assertThat(w.displaced()).extracting(ObjectVersion::versionId)
                .containsExactlyElementsOf(expected.stream().map(Version::versionId).toList());
        assertThat(w.displaced()).extracting(ObjectVersion::dataId)
                .containsExactlyElementsOf(expected.stream().map(Version::dataId).toList());
    }
}
