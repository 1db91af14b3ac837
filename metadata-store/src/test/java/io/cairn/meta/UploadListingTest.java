package io.cairn.meta;

import static io.cairn.meta.MultipartTest.upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.meta.MetadataException.Reason;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ListMultipartUploads: S3 order and markers, against a brute-force model. */
class UploadListingTest {

    @TempDir
    Path dir;
    private RocksMetadataStore store;
    /** Uploads in progress, in initiation order. */
    private final List<UploadRecord> model = new ArrayList<>();

    private record Entry(String name, String uploadId, boolean commonPrefix) {
    }

    @BeforeEach
    void open() throws Exception {
        store = RocksMetadataStore.open(dir);
        store.createBucket("b", "r", "o", Instant.EPOCH);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void uploadsOfAKeyAreListedInInitiationOrderNotIdOrder() throws Exception {
        create("k", "zzz");
        create("k", "aaa");
        create("j", "mmm");
        create("k", "mmm");
        assertThat(ids(list("", null, null, null, 10))).containsExactly("j/mmm", "k/zzz", "k/aaa", "k/mmm");

        store.close();
        store = RocksMetadataStore.open(dir);
        create("k", "after-reopen");
        assertThat(ids(list("k", null, null, null, 10))).containsExactly("k/zzz", "k/aaa", "k/mmm", "k/after-reopen");
    }

    @Test
    void keyMarkerAloneListsOnlyLaterKeys() throws Exception {
        create("a", "1");
        create("a", "2");
        create("b", "3");
        assertThat(ids(list("", null, "a", null, 10))).containsExactly("b/3");
        assertThat(ids(list("", null, "a\0", null, 10))).containsExactly("b/3");
        assertThat(ids(list("", null, "", null, 10))).hasSize(3);
    }

    @Test
    void uploadIdMarkerListsTheRestOfThatKeyThenLaterKeys() throws Exception {
        create("a", "first");
        create("a", "second");
        create("a", "third");
        create("b", "x");
        assertThat(ids(list("", null, "a", "first", 10))).containsExactly("a/second", "a/third", "b/x");
        assertThat(ids(list("", null, "a", "third", 10))).containsExactly("b/x");
        // Gone meanwhile (completed or aborted): the key is listed from its oldest again rather than skipped.
        assertThat(ids(list("", null, "a", "vanished", 10))).containsExactly("a/first", "a/second", "a/third", "b/x");
        // An upload id marker without a key marker is ignored, as in S3.
        assertThat(ids(list("", null, null, "second", 10))).hasSize(4);
    }

    @Test
    void truncatedPagesNameTheirLastEntryAndPrefixesCount() throws Exception {
        create("a", "u1");
        create("dir/x", "u2");
        create("dir/y", "u3");
        create("z", "u4");
        UploadPage one = list("", "/", null, null, 1);
        assertThat(ids(one)).containsExactly("a/u1");
        assertThat(one.truncated()).isTrue();
        assertThat(one.nextKeyMarker()).isEqualTo("a");
        assertThat(one.nextUploadIdMarker()).isEqualTo("u1");

        UploadPage two = list("", "/", one.nextKeyMarker(), one.nextUploadIdMarker(), 1);
        assertThat(two.uploads()).isEmpty();
        assertThat(two.commonPrefixes()).containsExactly("dir/");
        assertThat(two.nextKeyMarker()).isEqualTo("dir/");
        assertThat(two.nextUploadIdMarker()).isNull();

        UploadPage three = list("", "/", two.nextKeyMarker(), two.nextUploadIdMarker(), 1);
        assertThat(ids(three)).containsExactly("z/u4");
        assertThat(three.truncated()).isFalse();
        assertThat(three.nextKeyMarker()).isNull();

        assertThat(list("", "/", null, null, 0)).isEqualTo(new UploadPage(List.of(), List.of(), false, null, null));
        assertThat(list("dir/", "/", null, null, 10).uploads()).extracting(UploadRecord::key)
                .containsExactly("dir/x", "dir/y");
        assertThatThrownBy(() -> list("", null, null, null, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.listUploads("missing", new UploadQuery("", null, null, null, 1)))
                .isInstanceOfSatisfying(MetadataException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NO_SUCH_BUCKET));
    }

    @Test
    void skipsACommonPrefixOfManyUploadsWithOneSeek() throws Exception {
        for (int i = 0; i < 300; i++) {
            create("tmp/" + (i % 30), "u" + i);
        }
        create("tmp2", "last");
        long before = store.cursorMoves();
        UploadPage page = list("", "/", null, null, 10);
        assertThat(page.commonPrefixes()).containsExactly("tmp/");
        assertThat(ids(page)).containsExactly("tmp2/last");
        assertThat(store.cursorMoves() - before).isLessThanOrEqualTo(4);
    }

    // --- property-style comparison with the model ---

    private static final String[] SEGMENTS = {"a", "b", "/", "é", "日", "😀", "-", "a/"};

    @Test
    void pagingAndArbitraryMarkersMatchTheModel() throws Exception {
        Random random = new Random(5);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            keys.add(randomKey(random));
        }
        for (int i = 0; i < 250; i++) {
            create(keys.get(random.nextInt(keys.size())), "id-" + random.nextInt(1_000_000) + "-" + i);
        }
        for (int i = 0; i < 40; i++) {
            UploadRecord gone = model.remove(random.nextInt(model.size()));
            store.abortUpload("b", gone.key(), gone.uploadId());
        }
        String[] prefixes = {"", "a", "a/", "日"};
        String[] delimiters = {null, "/", "b"};
        for (String prefix : prefixes) {
            for (String delimiter : delimiters) {
                List<Entry> expected = entries(prefix, delimiter);
                for (int max : new int[] {1, 2, 5, 1000}) {
                    assertThat(paginate(prefix, delimiter, max))
                            .as("prefix=%s delimiter=%s max=%d", prefix, delimiter, max).isEqualTo(expected);
                }
            }
        }
        for (int i = 0; i < 1_000; i++) {
            String prefix = prefixes[random.nextInt(prefixes.length)];
            String delimiter = delimiters[random.nextInt(delimiters.length)];
            UploadRecord some = model.get(random.nextInt(model.size()));
            String keyMarker;
            String uploadIdMarker = null;
            switch (random.nextInt(4)) {
                case 0 -> {
                    keyMarker = some.key();
                    uploadIdMarker = some.uploadId();
                }
                case 1 -> keyMarker = some.key();
                case 2 -> keyMarker = some.key().substring(0, random.nextInt(some.key().length() + 1));
                default -> keyMarker = randomKey(random);
            }
            int max = 1 + random.nextInt(6);
            List<Entry> expected = after(entries(prefix, delimiter), keyMarker, uploadIdMarker);
            UploadPage page = list(prefix, delimiter, keyMarker, uploadIdMarker, max);
            String context = "prefix=" + prefix + " delimiter=" + delimiter + " keyMarker=" + keyMarker
                    + " uploadIdMarker=" + uploadIdMarker + " max=" + max;
            assertThat(entries(page)).as(context).isEqualTo(expected.subList(0, Math.min(max, expected.size())));
            assertThat(page.truncated()).as(context).isEqualTo(expected.size() > max);
        }
    }

    private List<Entry> entries(String prefix, String delimiter) {
        List<UploadRecord> sorted = new ArrayList<>(model);
        // Stable: uploads of one key keep their initiation order.
        sorted.sort(Comparator.comparing(UploadRecord::key, ListingReference.UTF8));
        List<Entry> all = new ArrayList<>();
        for (UploadRecord u : sorted) {
            if (!u.key().startsWith(prefix)) {
                continue;
            }
            int at = delimiter == null ? -1 : u.key().indexOf(delimiter, prefix.length());
            if (at < 0) {
                all.add(new Entry(u.key(), u.uploadId(), false));
                continue;
            }
            String cp = u.key().substring(0, at + delimiter.length());
            if (all.isEmpty() || !all.getLast().equals(new Entry(cp, null, true))) {
                all.add(new Entry(cp, null, true));
            }
        }
        return all;
    }

    private static List<Entry> after(List<Entry> all, String keyMarker, String uploadIdMarker) {
        if (keyMarker == null || keyMarker.isEmpty()) {
            return all;
        }
        boolean markerSeen = all.stream().noneMatch(e -> !e.commonPrefix() && e.name().equals(keyMarker)
                && e.uploadId().equals(uploadIdMarker));
        List<Entry> result = new ArrayList<>();
        for (Entry e : all) {
            int c = ListingReference.UTF8.compare(e.name(), keyMarker);
            if (c > 0) {
                result.add(e);
            } else if (c == 0 && !e.commonPrefix() && uploadIdMarker != null) {
                if (markerSeen) {
                    result.add(e);
                }
                markerSeen |= e.uploadId().equals(uploadIdMarker);
            }
        }
        return result;
    }

    private static List<Entry> entries(UploadPage page) {
        List<Entry> merged = new ArrayList<>();
        page.uploads().forEach(u -> merged.add(new Entry(u.key(), u.uploadId(), false)));
        page.commonPrefixes().forEach(cp -> merged.add(new Entry(cp, null, true)));
        merged.sort(Comparator.comparing(Entry::name, ListingReference.UTF8));
        return merged;
    }

    private List<Entry> paginate(String prefix, String delimiter, int max) throws Exception {
        List<Entry> all = new ArrayList<>();
        String keyMarker = null;
        String uploadIdMarker = null;
        for (int pages = 0; ; pages++) {
            assertThat(pages).as("runaway pagination").isLessThan(10_000);
            UploadPage page = list(prefix, delimiter, keyMarker, uploadIdMarker, max);
            List<Entry> entries = entries(page);
            all.addAll(entries);
            if (!page.truncated()) {
                return all;
            }
            assertThat(entries).hasSize(max);
            assertThat(page.nextKeyMarker()).isEqualTo(entries.getLast().name());
            assertThat(page.nextUploadIdMarker()).isEqualTo(entries.getLast().uploadId());
            keyMarker = page.nextKeyMarker();
            uploadIdMarker = page.nextUploadIdMarker();
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

    private void create(String key, String uploadId) throws Exception {
        UploadRecord u = upload(key, uploadId);
        store.createUpload("b", u);
        model.add(u);
    }

    private UploadPage list(String prefix, String delimiter, String keyMarker, String uploadIdMarker, int max)
            throws Exception {
        return store.listUploads("b", new UploadQuery(prefix, delimiter, keyMarker, uploadIdMarker, max));
    }

    private static List<String> ids(UploadPage page) {
        return page.uploads().stream().map(u -> u.key() + "/" + u.uploadId()).toList();
    }
}
