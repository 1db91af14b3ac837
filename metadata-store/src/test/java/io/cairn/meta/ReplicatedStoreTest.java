package io.cairn.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store kept in several copies: every commit in each, the newest copy wins at open, the others follow it. */
class ReplicatedStoreTest {
    @TempDir
    Path root;

    private Path a() {
        return root.resolve("a");
    }

    private Path b() {
        return root.resolve("b");
    }

    private Path c() {
        return root.resolve("c");
    }

    @Test
    void everyCopyHoldsEveryCommitAndALostCopyIsRebuilt() throws Exception {
        try (RocksMetadataStore store = RocksMetadataStore.open(List.of(a(), b(), c()))) {
            assertThat(store.copies()).isEqualTo(3);
            store.createBucket("one", "r", "o", Instant.EPOCH);
        }
        for (Path dir : List.of(a(), b(), c())) {
            try (RocksMetadataStore alone = RocksMetadataStore.open(List.of(dir))) {
                assertThat(alone.bucket("one")).as(dir.toString()).isPresent();
            }
        }
        deleteTree(a());
        try (RocksMetadataStore store = RocksMetadataStore.open(List.of(a(), b(), c()))) {
            assertThat(store.copies()).isEqualTo(3);
            assertThat(store.bucket("one")).isPresent();
        }
        try (RocksMetadataStore alone = RocksMetadataStore.open(List.of(a()))) {
            assertThat(alone.bucket("one")).isPresent();
        }
    }

    @Test
    void theNewestCopyWinsWhereverItIsListed() throws Exception {
        try (RocksMetadataStore store = RocksMetadataStore.open(List.of(a(), b(), c()))) {
            store.createBucket("one", "r", "o", Instant.EPOCH);
        }
        // Only the last copy takes the next commits (the others' drives were away).
        try (RocksMetadataStore store = RocksMetadataStore.open(List.of(c()), true)) {
            store.createBucket("two", "r", "o", Instant.EPOCH);
        }
        try (RocksMetadataStore store = RocksMetadataStore.open(List.of(a(), b(), c()))) {
            assertThat(store.bucket("two")).isPresent();
            store.createBucket("three", "r", "o", Instant.EPOCH);
        }
        try (RocksMetadataStore alone = RocksMetadataStore.open(List.of(a()))) {
            assertThat(alone.bucket("two")).isPresent();
            assertThat(alone.bucket("three")).isPresent();
        }
    }

    @Test
    void copiesFollowTheDirectoriesWhileRunning() throws Exception {
        try (RocksMetadataStore store = RocksMetadataStore.open(List.of(a()), true)) {
            store.createBucket("one", "r", "o", Instant.EPOCH);
            store.keepCopies(List.of(a(), b(), c()));
            assertThat(store.copies()).isEqualTo(3);
            store.createBucket("two", "r", "o", Instant.EPOCH);
            store.keepCopies(List.of(a(), c()));
            assertThat(store.copies()).isEqualTo(2);
            store.createBucket("three", "r", "o", Instant.EPOCH);
        }
        try (RocksMetadataStore alone = RocksMetadataStore.open(List.of(c()))) {
            assertThat(alone.bucket("one")).isPresent();
            assertThat(alone.bucket("three")).isPresent();
        }
        try (RocksMetadataStore alone = RocksMetadataStore.open(List.of(b()))) {
            assertThat(alone.bucket("two")).isPresent();
            assertThat(alone.bucket("three")).as("b was dropped before it").isEmpty();
        }
    }

    @Test
    void concurrentCommitsReachEveryCopyInTheSameOrder() throws Exception {
        int threads = 16;
        int each = 150;
        try (RocksMetadataStore store = RocksMetadataStore.open(List.of(a(), b(), c()))) {
            putTiersConcurrently(store, threads, each, "small");
            assertThat(store.tiers()).hasSize(threads * each);
        }
        // Same batches in the same order: the same sequence number in every copy, so none needs rebuilding.
        List<Long> sequences = new java.util.ArrayList<>();
        for (Path dir : List.of(a(), b(), c())) {
            try (RocksCopy copy = RocksCopy.open(dir)) {
                sequences.add(copy.sequence());
            }
        }
        assertThat(sequences).containsOnly(sequences.get(0));
        assertEachCopyHoldsTiers(List.of(a(), b(), c()), threads * each);
    }

    @Test
    void aPrimaryWhoseDriveGoesAwayHandsOverToAMirrorAndIsRebuiltWhenBack() throws Exception {
        try (RocksMetadataStore store = RocksMetadataStore.open(List.of(a(), b(), c()))) {
            store.createBucket("one", "r", "o", Instant.EPOCH);
            assertThat(store.primaryDir()).isEqualTo(a());
            deleteTree(a());
            assertThat(store.primaryUsable()).isFalse();

            store.keepCopies(List.of(b(), c()));
            assertThat(store.primaryDir()).isEqualTo(b());
            assertThat(store.primaryUsable()).isTrue();
            assertThat(store.copies()).isEqualTo(2);
            store.createBucket("two", "r", "o", Instant.EPOCH);
            assertThat(store.listBuckets()).extracting(BucketRecord::name).containsExactly("one", "two");

            // The drive comes back empty: its copy is made again, as a mirror of the new primary.
            Files.createDirectories(a());
            store.keepCopies(List.of(a(), b(), c()));
            assertThat(store.copies()).isEqualTo(3);
            assertThat(store.primaryDir()).isEqualTo(b());
            store.createBucket("three", "r", "o", Instant.EPOCH);
        }
        for (Path dir : List.of(a(), b(), c())) {
            try (RocksMetadataStore alone = RocksMetadataStore.open(List.of(dir))) {
                assertThat(alone.listBuckets()).as(dir.toString()).extracting(BucketRecord::name)
                        .containsExactly("one", "three", "two");
            }
        }
    }

    @Test
    void aPrimaryReplacedByAnEmptyDirectoryInItsPlaceHandsOver() throws Exception {
        try (RocksMetadataStore store = RocksMetadataStore.open(List.of(a(), b()))) {
            store.createBucket("one", "r", "o", Instant.EPOCH);
            deleteTree(a());
            Files.createDirectories(a());
            assertThat(store.primaryUsable()).as("another directory by the same name").isFalse();

            store.keepCopies(List.of(a(), b()));
            assertThat(store.primaryDir()).isEqualTo(b());
            assertThat(store.copies()).as("the new directory holds a fresh copy").isEqualTo(2);
            store.createBucket("two", "r", "o", Instant.EPOCH);
        }
        try (RocksMetadataStore alone = RocksMetadataStore.open(List.of(a()))) {
            assertThat(alone.bucket("two")).isPresent();
        }
    }

    /**
     * The drive goes away under concurrent writers and nobody tells the store: RocksDB keeps appending to its open
     * log until it needs a new file (here: a memtable of 4 MiB is full), then refuses. Every commit still succeeds:
     * the refused ones run again on a mirror.
     */
    @Test
    void commitsThePrimaryRefusesRunAgainOnAMirror() throws Exception {
        int threads = 8;
        int each = 40;
        String big = "x".repeat(64 * 1024);
        try (RocksMetadataStore store = RocksMetadataStore.open(List.of(a(), b(), c()))) {
            store.createBucket("one", "r", "o", Instant.EPOCH);
            deleteTree(a());
            putTiersConcurrently(store, threads, each, big);
            assertThat(store.primaryDir()).as("20 MiB needs new files: the primary refused and handed over")
                    .isNotEqualTo(a());
            assertThat(store.copies()).isEqualTo(2);
            assertThat(store.tiers()).hasSize(threads * each);
            assertThat(store.bucket("one")).isPresent();
        }
        assertEachCopyHoldsTiers(List.of(b(), c()), threads * each);
    }

    /**
     * A primary left behind (its drive was offline for a moment) whose files come back with more batches than the
     * copies that went on (here written to it directly) must not win at the next open: the copies that went on
     * are of a later epoch, and it is rebuilt from them.
     */
    @Test
    void aPrimaryLeftBehindNeverWinsAtOpenWhateverItsSequence() throws Exception {
        try (RocksMetadataStore store = RocksMetadataStore.open(List.of(a(), b(), c()))) {
            store.createBucket("one", "r", "o", Instant.EPOCH);
            store.keepCopies(List.of(b(), c()));
            assertThat(store.primaryDir()).isEqualTo(b());
            store.createBucket("two", "r", "o", Instant.EPOCH);
        }
        try (RocksCopy leftBehind = RocksCopy.open(a())) {
            for (int i = 0; i < 10; i++) {
                leftBehind.put(leftBehind.system, KeyCodec.utf8("stray" + i), new byte[] {1});
            }
            try (RocksCopy wentOn = RocksCopy.open(b())) {
                assertThat(leftBehind.sequence()).isGreaterThan(wentOn.sequence());
            }
        }
        try (RocksMetadataStore store = RocksMetadataStore.open(List.of(a(), b(), c()))) {
            assertThat(store.copies()).isEqualTo(3);
            assertThat(store.primaryDir()).isEqualTo(b());
            assertThat(store.bucket("two")).isPresent();
        }
        try (RocksCopy rebuilt = RocksCopy.open(a())) {
            assertThat(rebuilt.db.get(rebuilt.system, KeyCodec.utf8("stray0"))).isNull();
        }
    }

    @Test
    void aStoreNoCopyOfWhichOpensIsNotRecreatedEmpty() throws Exception {
        try (RocksMetadataStore store = RocksMetadataStore.open(List.of(a(), b()))) {
            store.createBucket("one", "r", "o", Instant.EPOCH);
        }
        for (Path dir : List.of(a(), b())) {
            Files.writeString(dir.resolve("CURRENT"), "garbage\n");
        }
        assertThatThrownBy(() -> RocksMetadataStore.open(List.of(a(), b())))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot open");
    }

    /** {@code threads} writers each put {@code each} tiers with a setting of {@code value}, every one read back. */
    private static void putTiersConcurrently(RocksMetadataStore store, int threads, int each, String value)
            throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        String name = "T" + thread + "-" + i;
                        store.putTier(new TierRecord(name, "s3", java.util.Map.of("n", value), Instant.EPOCH));
                        assertThat(store.tier(name)).isPresent();
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Each copy, opened alone, holds every commit. */
    private static void assertEachCopyHoldsTiers(List<Path> dirs, int tiers) {
        for (Path dir : dirs) {
            try (RocksMetadataStore alone = RocksMetadataStore.open(List.of(dir))) {
                assertThat(alone.tiers()).as(dir.toString()).hasSize(tiers);
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
