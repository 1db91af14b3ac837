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
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        store.putTier(new TierRecord("T" + thread + "-" + i, "s3", java.util.Map.of("n", "" + i),
                                Instant.EPOCH));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertThat(store.tiers()).hasSize(threads * each);
        }
        // Same batches in the same order: the same sequence number in every copy, so none needs rebuilding.
        List<Long> sequences = new java.util.ArrayList<>();
        for (Path dir : List.of(a(), b(), c())) {
            try (RocksHandles copy = RocksHandles.open(dir)) {
                sequences.add(copy.sequence());
            }
        }
        assertThat(sequences).containsOnly(sequences.get(0));
        // Each copy alone holds every commit.
        for (Path dir : List.of(a(), b(), c())) {
            try (RocksMetadataStore alone = RocksMetadataStore.open(List.of(dir))) {
                assertThat(alone.tiers()).as(dir.toString()).hasSize(threads * each);
            }
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

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
