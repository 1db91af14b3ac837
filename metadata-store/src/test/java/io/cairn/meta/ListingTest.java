package io.cairn.meta;

import static io.cairn.meta.TestVersions.deleteMarker;
import static io.cairn.meta.TestVersions.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.meta.ListingReference.Entry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListingTest {

    @TempDir
    Path dir;
    private RocksMetadataStore store;
    private BucketRecord bucket;

    @BeforeEach
    void open() throws Exception {
        store = RocksMetadataStore.open(dir);
        bucket = store.createBucket("b", "us-east-1", "owner", Instant.EPOCH);
    }

    @AfterEach
    void close() {
        store.close();
    }

    // --- The examples of the S3 ListObjects documentation ---

    @Test
    void s3PhotosExample() throws Exception {
        put("sample.jpg", "photos/2006/January/sample.jpg", "photos/2006/February/sample2.jpg",
                "photos/2006/February/sample3.jpg", "photos/2006/February/sample4.jpg");

        ListPage root = list("", "/", null, 1000);
        assertThat(keys(root)).containsExactly("sample.jpg");
        assertThat(root.commonPrefixes()).containsExactly("photos/");
        assertThat(root.truncated()).isFalse();
        assertThat(root.nextMarker()).isEqualTo("sample.jpg");

        ListPage year = list("photos/2006/", "/", null, 1000);
        assertThat(year.objects()).isEmpty();
        assertThat(year.commonPrefixes()).containsExactly("photos/2006/February/", "photos/2006/January/");

        ListPage flat = list("photos/2006/February/", null, null, 1000);
        assertThat(keys(flat)).containsExactly("photos/2006/February/sample2.jpg",
                "photos/2006/February/sample3.jpg", "photos/2006/February/sample4.jpg");
    }

    @Test
    void s3FolderExample() throws Exception {
        put("Development/Projects.xls", "Finance/statement1.pdf", "Private/taxdocument.pdf", "s3-dg.pdf");
        ListPage page = list("", "/", null, 1000);
        assertThat(page.commonPrefixes()).containsExactly("Development/", "Finance/", "Private/");
        assertThat(keys(page)).containsExactly("s3-dg.pdf");
    }

    @Test
    void paginatesEntriesCountingEachCommonPrefixOnce() throws Exception {
        put("sample.jpg", "photos/2006/January/sample.jpg", "photos/2006/February/sample2.jpg",
                "photos/2006/February/sample3.jpg", "zebra.jpg");

        ListPage first = list("", "/", null, 1);
        assertThat(first.commonPrefixes()).containsExactly("photos/");
        assertThat(first.objects()).isEmpty();
        assertThat(first.truncated()).isTrue();
        assertThat(first.nextMarker()).isEqualTo("photos/");

        ListPage second = list("", "/", first.nextMarker(), 1);
        assertThat(keys(second)).containsExactly("sample.jpg");
        assertThat(second.truncated()).isTrue();

        ListPage third = list("", "/", second.nextMarker(), 1);
        assertThat(keys(third)).containsExactly("zebra.jpg");
        assertThat(third.truncated()).isFalse();

        ListPage months = list("photos/2006/", "/", null, 1);
        assertThat(months.commonPrefixes()).containsExactly("photos/2006/February/");
        assertThat(months.truncated()).isTrue();
        assertThat(list("photos/2006/", "/", months.nextMarker(), 1).commonPrefixes())
                .containsExactly("photos/2006/January/");
    }

    @Test
    void startAfterInsideAGroupDoesNotRepeatItsCommonPrefix() throws Exception {
        put("photos/2006/February/sample2.jpg", "photos/2006/February/sample3.jpg",
                "photos/2006/January/sample.jpg");
        ListPage page = list("photos/2006/", "/", "photos/2006/February/sample2.jpg", 10);
        assertThat(page.commonPrefixes()).containsExactly("photos/2006/January/");
        // Without a delimiter the same startAfter is a plain key bound.
        assertThat(keys(list("photos/2006/", null, "photos/2006/February/sample2.jpg", 10)))
                .containsExactly("photos/2006/February/sample3.jpg", "photos/2006/January/sample.jpg");
    }

    @Test
    void startAfterEqualToThePrefixSkipsOnlyThatKey() throws Exception {
        put("a/", "a/b", "a/c/d");
        ListPage page = list("a/", "/", "a/", 10);
        assertThat(keys(page)).containsExactly("a/b");
        assertThat(page.commonPrefixes()).containsExactly("a/c/");
    }

    @Test
    void startAfterOutsideThePrefixRange() throws Exception {
        put("m/1", "m/2");
        assertThat(keys(list("m/", null, "a", 10))).containsExactly("m/1", "m/2");
        assertThat(keys(list("m/", null, "z", 10))).isEmpty();
        assertThat(keys(list("m/", null, "m/1", 10))).containsExactly("m/2");
        assertThat(keys(list("m/", null, "m/1\0", 10))).containsExactly("m/2");
    }

    @Test
    void maxKeysZeroReturnsNothingAndIsNotTruncated() throws Exception {
        put("a", "b");
        ListPage page = list("", null, null, 0);
        assertThat(page.objects()).isEmpty();
        assertThat(page.commonPrefixes()).isEmpty();
        assertThat(page.truncated()).isFalse();
        assertThat(page.nextMarker()).isNull();
        assertThatThrownBy(() -> list("", null, null, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exactlyFullLastPageIsNotTruncated() throws Exception {
        put("a", "b");
        ListPage page = list("", null, null, 2);
        assertThat(keys(page)).containsExactly("a", "b");
        assertThat(page.truncated()).isFalse();
        assertThat(page.nextMarker()).isEqualTo("b");
    }

    @Test
    void emptyBucketAndMissingPrefix() throws Exception {
        assertThat(list("", "/", null, 10)).isEqualTo(new ListPage(List.of(), List.of(), false, null));
        put("a");
        assertThat(list("zz", "/", null, 10)).isEqualTo(new ListPage(List.of(), List.of(), false, null));
        assertThat(list("a\0", null, null, 10).objects()).isEmpty();
    }

    @Test
    void doesNotSeeOtherBuckets() throws Exception {
        put("a", "b");
        store.createBucket("c", "r", "o", Instant.EPOCH);
        store.putObject("c", object("a0"), v -> true);
        assertThat(keys(list("", null, null, 10))).containsExactly("a", "b");
        assertThat(keys(store.listObjects("c", new ListQuery("", null, null, 10)))).containsExactly("a0");
    }

    @Test
    void returnsNewestVersionAndHidesKeysWhoseNewestIsADeleteMarker() throws Exception {
        store.appendVersions(bucket.id(), List.of(object("a", "a-old"), object("a", "a-new"),
                object("b"), deleteMarker("b"),
                object("c/1"), deleteMarker("c/1"), deleteMarker("c/2"),
                deleteMarker("d/1"), object("d/2"),
                object("e"), deleteMarker("f")));
        ListPage flat = list("", null, null, 10);
        assertThat(keys(flat)).containsExactly("a", "d/2", "e");
        assertThat(flat.objects().getFirst().dataId()).isEqualTo("a-new");

        ListPage grouped = list("", "/", null, 10);
        assertThat(keys(grouped)).containsExactly("a", "e");
        assertThat(grouped.commonPrefixes()).containsExactly("d/");

        // Only delete markers follow "e": the page must not claim there is more.
        ListPage page = list("", "/", "d/", 1);
        assertThat(keys(page)).containsExactly("e");
        assertThat(page.truncated()).isFalse();
        ListPage beforeE = list("", "/", "a", 1);
        assertThat(beforeE.commonPrefixes()).containsExactly("d/");
        assertThat(beforeE.truncated()).isTrue();
    }

    @Test
    void multiCharacterDelimiter() throws Exception {
        put("a--b--c", "a-b", "a--", "x--y");
        ListPage page = list("", "--", null, 10);
        assertThat(page.commonPrefixes()).containsExactly("a--", "x--");
        assertThat(keys(page)).containsExactly("a-b");
    }

    // --- Proof that listing seeks over groups and versions instead of walking them ---

    @Test
    void skipsACommonPrefixWithOneSeek() throws Exception {
        List<ObjectVersion> many = new ArrayList<>();
        many.add(object("photos/2006/a.jpg"));
        for (int i = 0; i < 10_000; i++) {
            many.add(object(String.format("photos/2006/big/%05d.jpg", i)));
        }
        many.add(object("photos/2006/small/x.jpg"));
        many.add(object("photos/2007/y.jpg"));
        many.add(object("zz"));
        store.appendVersions(bucket.id(), many);

        long before = store.cursorMoves();
        ListPage page = list("photos/2006/", "/", null, 1000);
        long moves = store.cursorMoves() - before;
        assertThat(keys(page)).containsExactly("photos/2006/a.jpg");
        assertThat(page.commonPrefixes()).containsExactly("photos/2006/big/", "photos/2006/small/");
        // seek to start, step past a.jpg, seek past big/, seek past small/: a handful, not 10,000.
        assertThat(moves).isLessThanOrEqualTo(6);

        before = store.cursorMoves();
        ListPage root = list("", "/", null, 1000);
        assertThat(root.commonPrefixes()).containsExactly("photos/");
        assertThat(keys(root)).containsExactly("zz");
        assertThat(store.cursorMoves() - before).isLessThanOrEqualTo(4);

        before = store.cursorMoves();
        ListPage resumed = list("photos/2006/", "/", "photos/2006/big/", 1);
        assertThat(resumed.commonPrefixes()).containsExactly("photos/2006/small/");
        assertThat(resumed.truncated()).isFalse();
        assertThat(store.cursorMoves() - before).isLessThanOrEqualTo(3);

        before = store.cursorMoves();
        ListPage truncated = list("photos/", "/", null, 1);
        assertThat(truncated.commonPrefixes()).containsExactly("photos/2006/");
        assertThat(truncated.truncated()).isTrue();
        assertThat(store.cursorMoves() - before).isLessThanOrEqualTo(3);
    }

    @Test
    void skipsOlderVersionsWithOneSeek() throws Exception {
        List<ObjectVersion> versions = new ArrayList<>();
        versions.add(object("a"));
        for (int i = 0; i < 5_000; i++) {
            versions.add(object("multi", "v" + i));
        }
        versions.add(object("multi/child"));
        versions.add(object("z"));
        store.appendVersions(bucket.id(), versions);

        long before = store.cursorMoves();
        ListPage page = list("", null, null, 100);
        long moves = store.cursorMoves() - before;
        assertThat(keys(page)).containsExactly("a", "multi", "multi/child", "z");
        assertThat(page.objects().get(1).dataId()).isEqualTo("v4999");
        // seek, then per key one step, plus one seek for the key with many versions.
        assertThat(moves).isLessThanOrEqualTo(6);
    }

    @Test
    void versionedBucketHidesDeletedKeysWithoutWalkingTheirVersions() throws Exception {
        store.setVersioning("b", VersioningState.ENABLED);
        put("a");
        for (int i = 0; i < 200; i++) {
            store.putObject("b", object("deleted", "d" + i), v -> true);
            store.putObject("b", object("dir/gone", "g" + i), v -> true);
            store.putObject("b", object("revived", "r" + i), v -> true);
            if (i % 50 == 0) {
                store.deleteObject("b", "revived", Instant.EPOCH, "o");
            }
        }
        store.deleteObject("b", "deleted", Instant.EPOCH, "o");
        store.deleteObject("b", "dir/gone", Instant.EPOCH, "o");
        store.putObject("b", object("revived", "newest"), v -> true);
        put("z");

        long before = store.cursorMoves();
        ListPage flat = list("", null, null, 100);
        assertThat(keys(flat)).containsExactly("a", "revived", "z");
        assertThat(flat.objects().get(1).dataId()).isEqualTo("newest");
        // Per key at most a step and a seek, however many versions lie under its newest.
        assertThat(store.cursorMoves() - before).isLessThanOrEqualTo(9);

        before = store.cursorMoves();
        ListPage grouped = list("", "/", null, 100);
        assertThat(keys(grouped)).containsExactly("a", "revived", "z");
        assertThat(grouped.commonPrefixes()).isEmpty();
        assertThat(store.cursorMoves() - before).isLessThanOrEqualTo(10);

        // Removing the marker by id brings the key back.
        String marker = store.latest("b", "deleted").orElseThrow().versionId();
        store.deleteVersion("b", "deleted", marker);
        assertThat(keys(list("", null, null, 100))).containsExactly("a", "deleted", "revived", "z");
    }

    @Test
    void flatListingStepsOncePerKey() throws Exception {
        store.appendVersions(bucket.id(), IntStream.range(0, 3_000)
                .mapToObj(i -> object(String.format("k/%04d", i))).toList());
        long before = store.cursorMoves();
        ListPage page = list("k/", null, null, 1000);
        assertThat(page.objects()).hasSize(1000);
        assertThat(page.truncated()).isTrue();
        assertThat(store.cursorMoves() - before).isLessThanOrEqualTo(1001);
    }

    // --- Property-style comparison with the brute-force model ---

    private static final String[] SEGMENTS = {"a", "b", "ab", "/", "//", "é", "日", "😀", "ｚ", "x.y", "Z", "-", "~",
        "\u007f", "a/"};

    @Test
    void paginationMatchesBruteForceReference() throws Exception {
        Random random = new Random(20240501);
        Set<String> live = populate(random);
        String[] prefixes = {"", "a", "a/", "ab", "/", "//", "日", "😀/", "a/b", "nothing-here"};
        String[] delimiters = {null, "", "/", "//", "b", "日", "a/"};
        for (String prefix : prefixes) {
            for (String delimiter : delimiters) {
                List<Entry> expected = ListingReference.entries(live, prefix, delimiter, null);
                for (int maxKeys = 1; maxKeys <= 7; maxKeys++) {
                    List<Entry> actual = paginate(prefix, delimiter, maxKeys);
                    assertThat(actual).as("prefix=%s delimiter=%s maxKeys=%d", prefix, delimiter, maxKeys)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void arbitraryStartAfterMatchesBruteForceReference() throws Exception {
        Random random = new Random(7);
        Set<String> live = populate(random);
        List<String> liveList = new ArrayList<>(live);
        String[] prefixes = {"", "a", "a/", "/", "日", "ab"};
        String[] delimiters = {null, "/", "b", "//"};
        for (int i = 0; i < 2_000; i++) {
            String prefix = prefixes[random.nextInt(prefixes.length)];
            String delimiter = delimiters[random.nextInt(delimiters.length)];
            String startAfter = switch (random.nextInt(4)) {
                case 0 -> liveList.get(random.nextInt(liveList.size()));
                case 1 -> randomKey(random);
                case 2 -> {
                    String k = liveList.get(random.nextInt(liveList.size()));
                    yield k.substring(0, random.nextInt(k.length() + 1));
                }
                default -> prefix + randomKey(random);
            };
            int maxKeys = 1 + random.nextInt(10);
            List<Entry> all = ListingReference.entries(live, prefix, delimiter, startAfter);
            ListPage page = list(prefix, delimiter, startAfter, maxKeys);
            String context = "prefix=" + prefix + " delimiter=" + delimiter + " startAfter=" + startAfter
                    + " maxKeys=" + maxKeys;
            assertThat(ListingReference.entries(page)).as(context)
                    .isEqualTo(all.subList(0, Math.min(maxKeys, all.size())));
            assertThat(page.truncated()).as(context).isEqualTo(all.size() > maxKeys);
        }
    }

    /** Writes a random key set, then deletes and hides some; returns the keys that should be listed. */
    private Set<String> populate(Random random) throws Exception {
        Set<String> live = new TreeSet<>(ListingReference.UTF8);
        List<ObjectVersion> versions = new ArrayList<>();
        while (live.size() < 700) {
            String key = randomKey(random);
            if (live.add(key)) {
                versions.add(object(key));
            }
        }
        store.appendVersions(bucket.id(), versions);
        List<String> keys = new ArrayList<>(live);
        List<ObjectVersion> changes = new ArrayList<>();
        for (String key : keys) {
            switch (random.nextInt(10)) {
                case 0 -> {
                    store.deleteObject("b", key, Instant.EPOCH, "o");
                    live.remove(key);
                }
                case 1 -> {
                    changes.add(deleteMarker(key));
                    live.remove(key);
                }
                case 2 -> changes.add(object(key, "newer"));
                case 3 -> {
                    changes.add(deleteMarker(key));
                    changes.add(object(key, "revived"));
                }
                default -> {
                }
            }
        }
        for (int i = 0; i < 40; i++) {
            String key = randomKey(random);
            if (!live.contains(key) && !keys.contains(key)) {
                changes.add(deleteMarker(key));
            }
        }
        store.appendVersions(bucket.id(), changes);
        return live;
    }

    private static String randomKey(Random random) {
        StringBuilder key = new StringBuilder();
        int segments = 1 + random.nextInt(6);
        for (int i = 0; i < segments; i++) {
            key.append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
        }
        return key.toString();
    }

    private List<Entry> paginate(String prefix, String delimiter, int maxKeys) throws Exception {
        List<Entry> all = new ArrayList<>();
        String marker = null;
        for (int pages = 0; ; pages++) {
            assertThat(pages).as("runaway pagination").isLessThan(10_000);
            ListPage page = list(prefix, delimiter, marker, maxKeys);
            List<Entry> entries = ListingReference.entries(page);
            assertThat(entries.size()).isLessThanOrEqualTo(maxKeys);
            assertThat(isSorted(page.commonPrefixes())).isTrue();
            assertThat(isSorted(keys(page))).isTrue();
            all.addAll(entries);
            if (!page.truncated()) {
                return all;
            }
            assertThat(entries).hasSize(maxKeys);
            assertThat(page.nextMarker()).isEqualTo(entries.getLast().name());
            marker = page.nextMarker();
        }
    }

    private static boolean isSorted(List<String> names) {
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(ListingReference.UTF8);
        return sorted.equals(names);
    }

    private void put(String... keys) throws Exception {
        for (String key : keys) {
            store.putObject("b", object(key), v -> true);
        }
    }

    private ListPage list(String prefix, String delimiter, String startAfter, int maxKeys) throws Exception {
        return store.listObjects("b", new ListQuery(prefix, delimiter, startAfter, maxKeys));
    }

    private static List<String> keys(ListPage page) {
        return page.objects().stream().map(ObjectVersion::key).toList();
    }
}
