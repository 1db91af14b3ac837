package io.cairn.meta;

import static io.cairn.meta.ObjectVersion.NULL_VERSION;
import static io.cairn.meta.TestVersions.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.meta.MetadataException.Reason;
import io.cairn.meta.VersionModel.Entry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ListObjectVersions: S3 order, IsLatest, markers, prefixes, and paging, against a brute-force model. */
class VersionListingTest {

    private static final Instant NOW = Instant.parse("2025-06-07T08:09:10Z");

    @TempDir
    Path dir;
    private RocksMetadataStore store;
    private BucketRecord bucket;
    private final VersionModel model = new VersionModel();
    private VersioningState state = VersioningState.UNVERSIONED;

    @BeforeEach
    void open() throws Exception {
        store = RocksMetadataStore.open(dir);
        bucket = store.createBucket("b", "r", "o", NOW);
    }

    @AfterEach
    void close() {
        store.close();
    }

    // --- markers, exactly as S3 defines them ---

    @Test
    void keyMarkerAloneStartsAfterEveryVersionOfThatKey() throws Exception {
        enable();
        put("a", "a1");
        put("a", "a2");
        put("b", "b1");
        VersionPage page = list("", null, "a", null, 10);
        assertThat(describe(page)).containsExactly("b/b1/latest");
        assertThat(describe(list("", null, "a0", null, 10))).containsExactly("b/b1/latest");
        assertThat(describe(list("", null, "", null, 10))).hasSize(3);
    }

    @Test
    void versionIdMarkerStartsAfterThatVersionAndTheRestIsNotLatest() throws Exception {
        enable();
        String a1 = put("a", "a1");
        String a2 = put("a", "a2");
        String a3 = put("a", "a3");
        put("b", "b1");
        assertThat(describe(list("", null, "a", a3, 10))).containsExactly("a/a2", "a/a1", "b/b1/latest");
        assertThat(describe(list("", null, "a", a2, 10))).containsExactly("a/a1", "b/b1/latest");
        assertThat(describe(list("", null, "a", a1, 10))).containsExactly("b/b1/latest");
        // A key marker that names no key: its (absent) versions are simply passed.
        assertThat(describe(list("", null, "a0", a2, 10))).containsExactly("b/b1/latest");
    }

    @Test
    void nullVersionIdMarkerWorks() throws Exception {
        put("a", "base");
        enable();
        put("a", "a2");
        put("b", "b1");
        // The null version sits under a2: resuming after it goes on with the next key.
        assertThat(describe(list("", null, "a", NULL_VERSION, 10))).containsExactly("b/b1/latest");
        put("a", "a3");
        suspend();
        put("c", "c-null");
        assertThat(describe(list("", null, "c", NULL_VERSION, 10))).isEmpty();
        // A key without a null version is listed from its newest again: repeating beats skipping.
        assertThat(describe(list("", null, "b", NULL_VERSION, 10))).containsExactly("b/b1/latest", "c/c-null/latest");
    }

    @Test
    void resumingAfterADeletedVersionStillFindsItsPlace() throws Exception {
        enable();
        String a1 = put("a", "a1");
        String a2 = put("a", "a2");
        String a3 = put("a", "a3");
        // The "delete everything you list" loop: the page's last version is gone when the next page is asked for.
        VersionPage first = list("", null, null, null, 2);
        assertThat(first.nextVersionIdMarker()).isEqualTo(a2);
        store.deleteVersion("b", "a", a3);
        store.deleteVersion("b", "a", a2);
        VersionPage next = list("", null, first.nextKeyMarker(), first.nextVersionIdMarker(), 2);
        assertThat(next.versions()).extracting(e -> e.version().versionId()).containsExactly(a1);
        // a1 is now the key's newest version.
        assertThat(next.versions().getFirst().latest()).isTrue();
    }

    @Test
    void malformedVersionIdMarkerIsRefused() throws Exception {
        assertThatThrownBy(() -> list("", null, "a", "not-an-id", 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> list("", null, null, null, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.listVersions("missing", new VersionQuery("", null, null, null, 1)))
                .isInstanceOfSatisfying(MetadataException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NO_SUCH_BUCKET));
    }

    @Test
    void truncatedPagesNameTheirLastEntry() throws Exception {
        enable();
        String a1 = put("a", "a1");
        put("dir/x", "x");
        put("dir/y", "y");
        put("z", "z1");

        VersionPage one = list("", "/", null, null, 1);
        assertThat(describe(one)).containsExactly("a/a1/latest");
        assertThat(one.truncated()).isTrue();
        assertThat(one.nextKeyMarker()).isEqualTo("a");
        assertThat(one.nextVersionIdMarker()).isEqualTo(a1);

        VersionPage two = list("", "/", one.nextKeyMarker(), one.nextVersionIdMarker(), 1);
        assertThat(two.commonPrefixes()).containsExactly("dir/");
        assertThat(two.versions()).isEmpty();
        assertThat(two.truncated()).isTrue();
        assertThat(two.nextKeyMarker()).isEqualTo("dir/");
        assertThat(two.nextVersionIdMarker()).isNull();

        VersionPage three = list("", "/", two.nextKeyMarker(), two.nextVersionIdMarker(), 1);
        assertThat(describe(three)).containsExactly("z/z1/latest");
        assertThat(three.truncated()).isFalse();
        assertThat(three.nextKeyMarker()).isNull();
        assertThat(three.nextVersionIdMarker()).isNull();

        VersionPage none = list("", "/", null, null, 0);
        assertThat(none).isEqualTo(new VersionPage(List.of(), List.of(), false, null, null));
    }

    @Test
    void deleteMarkersAreListedAndCommonPrefixesIncludeKeysThatAreOnlyMarkers() throws Exception {
        enable();
        put("k", "k1");
        String marker = store.deleteObject("b", "k", NOW, "o").written().versionId();
        store.deleteObject("b", "gone/x", NOW, "o");
        VersionPage page = list("", "/", null, null, 10);
        assertThat(page.commonPrefixes()).containsExactly("gone/");
        assertThat(page.versions()).hasSize(2);
        VersionPage.Entry top = page.versions().getFirst();
        assertThat(top.version().versionId()).isEqualTo(marker);
        assertThat(top.version().deleteMarker()).isTrue();
        assertThat(top.latest()).isTrue();
        assertThat(page.versions().get(1).latest()).isFalse();
        assertThat(page.versions().get(1).version().dataId()).isEqualTo("k1");
    }

    // --- cost: prefixes and resumption are seeks, not walks ---

    @Test
    void skipsACommonPrefixOfManyVersionsWithOneSeek() throws Exception {
        List<ObjectVersion> many = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            many.add(object("photos/2006/big/" + (i % 50), "v" + i));
        }
        many.add(object("photos/2006/small/x"));
        many.add(object("photos/zz"));
        store.appendVersions(bucket.id(), many);
        long before = store.cursorMoves();
        VersionPage page = list("photos/2006/", "/", null, null, 1000);
        assertThat(page.commonPrefixes()).containsExactly("photos/2006/big/", "photos/2006/small/");
        assertThat(store.cursorMoves() - before).isLessThanOrEqualTo(3);

        before = store.cursorMoves();
        VersionPage resumed = list("photos/2006/", "/", "photos/2006/big/", null, 1);
        assertThat(resumed.commonPrefixes()).containsExactly("photos/2006/small/");
        assertThat(store.cursorMoves() - before).isLessThanOrEqualTo(2);
    }

    @Test
    void resumingInsideAKeyWithManyVersionsIsASeek() throws Exception {
        enable();
        for (int i = 0; i < 300; i++) {
            put("k", "d" + i);
        }
        VersionPage first = list("", null, null, null, 250);
        long before = store.cursorMoves();
        VersionPage next = list("", null, first.nextKeyMarker(), first.nextVersionIdMarker(), 10);
        assertThat(next.versions()).extracting(e -> e.version().dataId())
                .containsExactly("d49", "d48", "d47", "d46", "d45", "d44", "d43", "d42", "d41", "d40");
        assertThat(next.versions()).noneMatch(VersionPage.Entry::latest);
        // Two seeks to place the start and check for newer versions, then a step per entry.
        assertThat(store.cursorMoves() - before).isLessThanOrEqualTo(13);
    }

    // --- property-style comparison with the model ---

    private static final String[] SEGMENTS = {"a", "b", "/", "é", "日", "😀", "x.y", "-", "a/"};

    @Test
    void paginationMatchesTheModel() throws Exception {
        Random random = new Random(20250607);
        populate(random);
        String[] prefixes = {"", "a", "a/", "/", "日", "nothing"};
        String[] delimiters = {null, "/", "b", "a/"};
        for (String prefix : prefixes) {
            for (String delimiter : delimiters) {
                List<Entry> expected = model.entries(prefix, delimiter);
                assertThat(VersionModel.entries(list(prefix, delimiter, null, null, 100_000)))
                        .as("prefix=%s delimiter=%s", prefix, delimiter).isEqualTo(expected);
                for (int maxKeys : new int[] {1, 2, 3, 7}) {
                    assertThat(paginate(prefix, delimiter, maxKeys))
                            .as("prefix=%s delimiter=%s maxKeys=%d", prefix, delimiter, maxKeys).isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void arbitraryMarkersMatchTheModel() throws Exception {
        Random random = new Random(11);
        populate(random);
        List<VersionModel.Version> all = model.keys.values().stream().flatMap(List::stream).toList();
        String[] prefixes = {"", "a", "a/", "日"};
        String[] delimiters = {null, "/", "b"};
        for (int i = 0; i < 1_500; i++) {
            String prefix = prefixes[random.nextInt(prefixes.length)];
            String delimiter = delimiters[random.nextInt(delimiters.length)];
            String keyMarker;
            String versionIdMarker = null;
            switch (random.nextInt(5)) {
                case 0 -> {
                    VersionModel.Version v = all.get(random.nextInt(all.size()));
                    keyMarker = v.key();
                    versionIdMarker = v.versionId();
                }
                case 1 -> {
                    keyMarker = all.get(random.nextInt(all.size())).key();
                    versionIdMarker = NULL_VERSION;
                }
                case 2 -> keyMarker = all.get(random.nextInt(all.size())).key();
                case 3 -> {
                    String k = all.get(random.nextInt(all.size())).key();
                    keyMarker = k.substring(0, random.nextInt(k.length() + 1));
                }
                default -> keyMarker = randomKey(random) + (random.nextInt(10) == 0 ? "\0x" : "");
            }
            int maxKeys = 1 + random.nextInt(8);
            List<Entry> expected = model.after(model.entries(prefix, delimiter), keyMarker, versionIdMarker);
            VersionPage page = list(prefix, delimiter, keyMarker, versionIdMarker, maxKeys);
            String context = "prefix=" + prefix + " delimiter=" + delimiter + " keyMarker=" + keyMarker
                    + " versionIdMarker=" + versionIdMarker + " maxKeys=" + maxKeys;
            assertThat(VersionModel.entries(page)).as(context)
                    .isEqualTo(expected.subList(0, Math.min(maxKeys, expected.size())));
            assertThat(page.truncated()).as(context).isEqualTo(expected.size() > maxKeys);
        }
    }

    @Test
    void objectListingOfVersionedDataMatchesTheModel() throws Exception {
        Random random = new Random(99);
        populate(random);
        for (String delimiter : new String[] {null, "/", "b"}) {
            for (String prefix : new String[] {"", "a", "日"}) {
                List<ListingReference.Entry> expected =
                        ListingReference.entries(model.liveKeys(), prefix, delimiter, null);
                ListPage page = store.listObjects("b", new ListQuery(prefix, delimiter, null, 100_000));
                assertThat(ListingReference.entries(page)).as("prefix=%s delimiter=%s", prefix, delimiter)
                        .isEqualTo(expected);
                for (ObjectVersion v : page.objects()) {
                    VersionModel.Version newest = model.keys.get(v.key()).getFirst();
                    assertThat(v.versionId()).isEqualTo(newest.versionId());
                    assertThat(v.dataId()).isEqualTo(newest.dataId());
                }
            }
        }
    }

    /** Random writes in every bucket state, mirrored in the model, which checks what each one displaced. */
    private void populate(Random random) throws Exception {
        List<String> pool = new ArrayList<>();
        while (pool.size() < 150) {
            String key = randomKey(random);
            if (!pool.contains(key)) {
                pool.add(key);
            }
        }
        for (int op = 0; op < 2_000; op++) {
            if (op == 150) {
                enable();
            } else if (op > 150 && random.nextInt(150) == 0) {
                if (state == VersioningState.ENABLED) {
                    suspend();
                } else {
                    enable();
                }
            }
            String key = pool.get(random.nextInt(pool.size()));
            int dice = random.nextInt(10);
            if (dice < 6) {
                put(key, "d" + op);
            } else if (dice < 8) {
                WriteResult w = store.deleteObject("b", key, NOW, "o");
                if (state == VersioningState.UNVERSIONED) {
                    model.deleteUnversioned(key, w);
                } else {
                    model.put(state, w);
                }
            } else {
                List<VersionModel.Version> versions = model.keys.getOrDefault(key, List.of());
                String id = versions.isEmpty() || random.nextInt(5) == 0 ? NULL_VERSION
                        : versions.get(random.nextInt(versions.size())).versionId();
                model.deleteVersion(key, id, store.deleteVersion("b", key, id));
            }
        }
        // The data must hold the cases that matter: many versions, markers on top, markers under live versions.
        assertThat(model.keys.values().stream().mapToInt(List::size).sum()).isGreaterThan(400);
        assertThat(model.keys.values()).anyMatch(v -> v.size() > 1 && v.getFirst().marker());
        assertThat(model.keys.values()).anyMatch(v -> !v.getFirst().marker()
                && v.stream().anyMatch(VersionModel.Version::marker));
        assertThat(model.keys.values()).anyMatch(v -> v.stream().anyMatch(x -> x.versionId().equals(NULL_VERSION))
                && !v.getFirst().versionId().equals(NULL_VERSION));
    }

    private List<Entry> paginate(String prefix, String delimiter, int maxKeys) throws Exception {
        List<Entry> all = new ArrayList<>();
        String keyMarker = null;
        String versionIdMarker = null;
        for (int pages = 0; ; pages++) {
            assertThat(pages).as("runaway pagination").isLessThan(10_000);
            VersionPage page = list(prefix, delimiter, keyMarker, versionIdMarker, maxKeys);
            List<Entry> entries = VersionModel.entries(page);
            all.addAll(entries);
            if (!page.truncated()) {
                return all;
            }
            assertThat(entries).hasSize(maxKeys);
            Entry last = entries.getLast();
            assertThat(page.nextKeyMarker()).isEqualTo(last.name());
            assertThat(page.nextVersionIdMarker()).isEqualTo(last.versionId());
            keyMarker = page.nextKeyMarker();
            versionIdMarker = page.nextVersionIdMarker();
        }
    }

    private static String randomKey(Random random) {
        StringBuilder key = new StringBuilder();
        int segments = 1 + random.nextInt(4);
        for (int i = 0; i < segments; i++) {
            key.append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
        }
        return key.toString();
    }

    private String put(String key, String dataId) throws Exception {
        WriteResult w = store.putObject("b", object(key, dataId), v -> true);
        model.put(state, w);
        return w.written().versionId();
    }

    private void enable() throws Exception {
        store.setVersioning("b", VersioningState.ENABLED);
        state = VersioningState.ENABLED;
    }

    private void suspend() throws Exception {
        store.setVersioning("b", VersioningState.SUSPENDED);
        state = VersioningState.SUSPENDED;
    }

    private VersionPage list(String prefix, String delimiter, String keyMarker, String versionIdMarker, int maxKeys)
            throws Exception {
        return store.listVersions("b", new VersionQuery(prefix, delimiter, keyMarker, versionIdMarker, maxKeys));
    }

    /** "key/dataId" plus "/latest", in page order. */
    private static List<String> describe(VersionPage page) {
        return page.versions().stream().map(e -> e.version().key() + "/"
                + (e.version().deleteMarker() ? "marker" : e.version().dataId()) + (e.latest() ? "/latest" : ""))
                .toList();
    }
}
