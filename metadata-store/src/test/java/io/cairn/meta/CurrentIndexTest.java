package io.cairn.meta;

import static io.cairn.meta.TestVersions.object;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/** The {@code current} family: each key's newest version found by point lookups, kept in step by every write. */
class CurrentIndexTest {

    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");
    private static final String[] KEYS = {"a", "a/b", "ab", "日本", "z"};

    @TempDir
    Path dir;

    @Test
    void latestFollowsEveryKindOfWriteAndRemoval() throws Exception {
        Random random = new Random(7);
        try (RocksMetadataStore store = RocksMetadataStore.open(dir)) {
            store.createBucket("b", "r", "o", NOW);
            for (int i = 0; i < 2_000; i++) {
                String key = KEYS[random.nextInt(KEYS.length)];
                switch (random.nextInt(10)) {
                    case 0 -> store.setVersioning("b", random.nextBoolean()
                            ? VersioningState.ENABLED : VersioningState.SUSPENDED);
                    case 1, 2, 3 -> store.putObject("b", object(key, "d" + i), v -> true);
                    case 4, 5 -> store.deleteObject("b", key, NOW, "o");
                    default -> {
                        List<VersionPage.Entry> versions = versionsOf(store, key);
                        if (!versions.isEmpty()) {
                            // The newest more often than not: that is what moves the key's entry.
                            VersionPage.Entry gone = random.nextInt(3) > 0
                                    ? versions.getFirst() : versions.get(random.nextInt(versions.size()));
                            store.deleteVersion("b", key, gone.version().versionId());
                        }
                    }
                }
                assertLatestIsNewestListed(store, key, "step " + i);
            }
            for (String key : KEYS) {
                assertLatestIsNewestListed(store, key, "end");
            }
        }
    }

    @Test
    void unversionedBucketsReplaceAndRemove() throws Exception {
        try (RocksMetadataStore store = RocksMetadataStore.open(dir)) {
            store.createBucket("b", "r", "o", NOW);
            store.putObject("b", object("k", "one"), v -> true);
            store.putObject("b", object("k", "two"), v -> true);
            assertThat(store.latest("b", "k").orElseThrow().dataId()).isEqualTo("two");
            store.deleteObject("b", "k", NOW, "o");
            assertThat(store.latest("b", "k")).isEmpty();
            assertThat(store.currentEntries()).isZero();
            store.deleteBucket("b");
        }
    }

    @Test
    void aStoreWithoutTheIndexGetsItBuiltAtOpen() throws Exception {
        try (RocksMetadataStore store = RocksMetadataStore.open(dir)) {
            store.createBucket("b", "r", "o", NOW);
            store.setVersioning("b", VersioningState.ENABLED);
            store.putObject("b", object("old", "1"), v -> true);
            store.putObject("b", object("old", "2"), v -> true);
            store.putObject("b", object("marked", "3"), v -> true);
            store.deleteObject("b", "marked", NOW, "o");
            for (int i = 0; i < 25_000; i++) {
                store.appendVersion(store.bucket("b").orElseThrow().id(), object("many/" + i, "m" + i));
            }
        }
        // As an earlier release left it: no entries, no marker.
        try (RocksHandles rocks = RocksHandles.open(dir);
             WriteBatch batch = new WriteBatch();
             WriteOptions sync = new WriteOptions().setSync(true)) {
            batch.deleteRange(rocks.current(), new byte[0], new byte[] {(byte) 0xFF});
            batch.delete(rocks.system(), CurrentIndex.BUILT);
            rocks.db().write(sync, batch);
        }
        try (RocksMetadataStore store = RocksMetadataStore.open(dir)) {
            assertThat(store.latest("b", "old").orElseThrow().dataId()).isEqualTo("2");
            assertThat(store.latest("b", "marked").orElseThrow().deleteMarker()).isTrue();
            assertThat(store.latest("b", "many/0").orElseThrow().dataId()).isEqualTo("m0");
            assertThat(store.latest("b", "many/24999").orElseThrow().dataId()).isEqualTo("m24999");
            assertThat(store.latest("b", "absent")).isEmpty();
            assertThat(store.currentEntries()).isEqualTo(2 + 25_000);
        }
    }

    @Test
    void anEntryNamingAMissingVersionFallsBackToTheVersionsThemselves() throws Exception {
        long bucketId;
        try (RocksMetadataStore store = RocksMetadataStore.open(dir)) {
            bucketId = store.createBucket("b", "r", "o", NOW).id();
            store.putObject("b", object("k", "kept"), v -> true);
        }
        try (RocksHandles rocks = RocksHandles.open(dir); WriteOptions sync = new WriteOptions().setSync(true)) {
            rocks.db().put(rocks.current(), sync, KeyCodec.current(bucketId, KeyCodec.utf8("k")),
                    KeyCodec.longBytes(Long.MAX_VALUE - 1));
        }
        try (RocksMetadataStore store = RocksMetadataStore.open(dir)) {
            assertThat(store.latest("b", "k").orElseThrow().dataId()).isEqualTo("kept");
        }
    }

    /** Readers take no lock: one racing a writer that replaces the key must still find a version, never none. */
    @Test
    void readersRacingReplacementsAlwaysFindTheKey() throws Exception {
        try (RocksMetadataStore store = RocksMetadataStore.open(dir)) {
            store.createBucket("b", "r", "o", NOW);
            store.putObject("b", object("k", "v0"), v -> true);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<Integer>> readers = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    readers.add(pool.submit(() -> {
                        int reads = 0;
                        while (!stop.get()) {
                            Optional<ObjectVersion> found = store.latest("b", "k");
                            assertThat(found).isPresent();
                            reads++;
                        }
                        return reads;
                    }));
                }
                for (int i = 1; i <= 500; i++) {
                    store.putObject("b", object("k", "v" + i), v -> true);
                }
                stop.set(true);
                for (Future<Integer> reader : readers) {
                    assertThat(reader.get()).isPositive();
                }
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }
            assertThat(store.latest("b", "k").orElseThrow().dataId()).isEqualTo("v500");
        }
    }

    private static void assertLatestIsNewestListed(RocksMetadataStore store, String key, String context)
            throws MetadataException {
        Optional<String> expected = versionsOf(store, key).stream().findFirst().map(e -> e.version().versionId());
        assertThat(store.latest("b", key).map(ObjectVersion::versionId)).as(context + " key " + key)
                .isEqualTo(expected);
    }

    private static List<VersionPage.Entry> versionsOf(RocksMetadataStore store, String key) throws MetadataException {
        return store.listVersions("b", new VersionQuery(key, null, null, null, 10_000)).versions().stream()
                .filter(e -> e.version().key().equals(key)).toList();
    }
}
