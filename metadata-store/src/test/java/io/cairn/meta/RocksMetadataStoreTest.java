package io.cairn.meta;

import static io.cairn.meta.TestVersions.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.meta.MetadataException.Reason;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksMetadataStoreTest {

    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

    @TempDir
    Path dir;
    private RocksMetadataStore store;

    @BeforeEach
    void open() {
        store = RocksMetadataStore.open(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void createsListsAndDeletesBuckets() throws Exception {
        BucketRecord b = store.createBucket("beta", "us-east-1", "alice", NOW);
        BucketRecord a = store.createBucket("alpha", "eu-west-1", "bob", NOW);
        assertThat(b.name()).isEqualTo("beta");
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(store.bucket("beta")).contains(b);
        assertThat(store.bucket("gamma")).isEmpty();
        assertThat(store.listBuckets()).containsExactly(a, b);

        store.deleteBucket("beta");
        assertThat(store.bucket("beta")).isEmpty();
        assertThat(store.listBuckets()).containsExactly(a);
    }

    @Test
    void bucketErrors() throws Exception {
        store.createBucket("b", "r", "o", NOW);
        assertReason(() -> store.createBucket("b", "r", "o", NOW), Reason.BUCKET_EXISTS);
        assertReason(() -> store.deleteBucket("missing"), Reason.NO_SUCH_BUCKET);
        assertReason(() -> store.latest("missing", "k"), Reason.NO_SUCH_BUCKET);
        assertReason(() -> store.putObject("missing", object("k"), v -> true), Reason.NO_SUCH_BUCKET);
        assertReason(() -> store.deleteObject("missing", "k", NOW, "o"), Reason.NO_SUCH_BUCKET);
        assertReason(() -> store.listObjects("missing", new ListQuery("", null, null, 10)), Reason.NO_SUCH_BUCKET);
    }

    @Test
    void deleteBucketRefusesWhileAnyVersionRemains() throws Exception {
        store.createBucket("b", "r", "o", NOW);
        store.putObject("b", object("k"), v -> true);
        assertReason(() -> store.deleteBucket("b"), Reason.BUCKET_NOT_EMPTY);
        store.deleteObject("b", "k", NOW, "o");
        assertThat(store.deleteBucket("b")).isEmpty();
        assertThat(store.bucket("b")).isEmpty();
    }

    @Test
    void deleteMarkerAloneStillKeepsBucketNonEmpty() throws Exception {
        BucketRecord b = store.createBucket("b", "r", "o", NOW);
        store.appendVersion(b.id(), TestVersions.deleteMarker("k"));
        assertReason(() -> store.deleteBucket("b"), Reason.BUCKET_NOT_EMPTY);
    }

    @Test
    void putLatestDelete() throws Exception {
        store.createBucket("b", "r", "o", NOW);
        assertThat(store.latest("b", "k")).isEmpty();

        ObjectVersion first = object("k", "d1");
        WriteResult created = store.putObject("b", first, Optional::isEmpty);
        assertThat(created.displaced()).isEmpty();
        assertThat(created.written()).usingRecursiveComparison().isEqualTo(first);
        assertThat(store.latest("b", "k")).get().usingRecursiveComparison().isEqualTo(first);

        ObjectVersion second = new ObjectVersion("k", "null", false, 3, "e2", NOW,
                Map.of("x-amz-meta-a", "1"), Map.of("CRC32", "x"), null, new byte[] {1, 2, 3}, "o", List.of());
        List<ObjectVersion> removed = store.putObject("b", second, v -> true).displaced();
        assertThat(removed).singleElement().usingRecursiveComparison().isEqualTo(first);
        assertThat(store.latest("b", "k")).get().usingRecursiveComparison().isEqualTo(second);

        WriteResult deleted = store.deleteObject("b", "k", NOW, "o");
        assertThat(deleted.written()).isNull();
        assertThat(deleted.displaced()).singleElement().usingRecursiveComparison().isEqualTo(second);
        assertThat(store.latest("b", "k")).isEmpty();
        assertThat(store.deleteObject("b", "k", NOW, "o")).isEqualTo(new WriteResult(null, List.of()));
    }

    @Test
    void latestDoesNotConfuseAKeyWithItsExtensions() throws Exception {
        store.createBucket("b", "r", "o", NOW);
        store.putObject("b", object("ab"), v -> true);
        store.putObject("b", object("a/"), v -> true);
        assertThat(store.latest("b", "a")).isEmpty();
        assertThat(store.latest("b", "ab")).map(ObjectVersion::key).contains("ab");
        store.deleteObject("b", "a", NOW, "o");
        assertThat(store.latest("b", "ab")).isPresent();
    }

    @Test
    void putReplacesEveryVersionAndReturnsThem() throws Exception {
        BucketRecord b = store.createBucket("b", "r", "o", NOW);
        store.appendVersion(b.id(), object("k", "old1"));
        store.appendVersion(b.id(), TestVersions.deleteMarker("k"));
        store.appendVersion(b.id(), object("k", "old2"));

        List<Optional<ObjectVersion>> seen = new ArrayList<>();
        List<ObjectVersion> removed = store.putObject("b", object("k", "new"), current -> seen.add(current))
                .displaced();
        assertThat(seen).singleElement().satisfies(c -> assertThat(c).get().extracting(ObjectVersion::dataId)
                .isEqualTo("old2"));
        assertThat(removed).extracting(ObjectVersion::dataId).containsExactly("old2", null, "old1");
        assertThat(store.deleteObject("b", "k", NOW, "o").displaced()).extracting(ObjectVersion::dataId)
                .containsExactly("new");
    }

    @Test
    void preconditionSeesTheDeleteMarkerAsCurrent() throws Exception {
        BucketRecord b = store.createBucket("b", "r", "o", NOW);
        store.appendVersion(b.id(), object("k"));
        store.appendVersion(b.id(), TestVersions.deleteMarker("k"));
        assertThat(store.latest("b", "k")).get().extracting(ObjectVersion::deleteMarker).isEqualTo(true);
        assertReason(() -> store.putObject("b", object("k"), Optional::isEmpty), Reason.PRECONDITION_FAILED);
    }

    @Test
    void failedPreconditionWritesNothing() throws Exception {
        store.createBucket("b", "r", "o", NOW);
        store.putObject("b", object("k", "d1"), v -> true);
        assertReason(() -> store.putObject("b", object("k", "d2"), Optional::isEmpty), Reason.PRECONDITION_FAILED);
        assertThat(store.latest("b", "k")).get().extracting(ObjectVersion::dataId).isEqualTo("d1");
    }

    @Test
    void ifNoneMatchRaceHasExactlyOneWinner() throws Exception {
        store.createBucket("b", "r", "o", NOW);
        int threads = 8;
        for (int round = 0; round < 50; round++) {
            String key = "race-" + round;
            CyclicBarrier start = new CyclicBarrier(threads);
            AtomicInteger wins = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            runConcurrently(threads, t -> {
                start.await();
                try {
                    store.putObject("b", object(key, "t" + t), Optional::isEmpty);
                    wins.incrementAndGet();
                } catch (MetadataException e) {
                    assertThat(e.reason()).isEqualTo(Reason.PRECONDITION_FAILED);
                    refused.incrementAndGet();
                }
                return null;
            });
            assertThat(wins).hasValue(1);
            assertThat(refused).hasValue(threads - 1);
        }
    }

    @Test
    void readModifyWriteThroughPreconditionLosesNoUpdate() throws Exception {
        store.createBucket("b", "r", "o", NOW);
        store.putObject("b", object("counter", "0"), v -> true);
        int threads = 8;
        int perThread = 50;
        runConcurrently(threads, t -> {
            for (int i = 0; i < perThread; i++) {
                while (true) {
                    ObjectVersion seen = store.latest("b", "counter").orElseThrow();
                    String next = Integer.toString(Integer.parseInt(seen.dataId()) + 1);
                    try {
                        store.putObject("b", object("counter", next),
                                current -> current.map(ObjectVersion::dataId).equals(Optional.of(seen.dataId())));
                        break;
                    } catch (MetadataException e) {
                        assertThat(e.reason()).isEqualTo(Reason.PRECONDITION_FAILED);
                    }
                }
            }
            return null;
        });
        assertThat(store.latest("b", "counter")).get().extracting(ObjectVersion::dataId)
                .isEqualTo(Integer.toString(threads * perThread));
    }

    @Test
    void objectIsNeverCommittedIntoADeletedBucket() throws Exception {
        int writers = 6;
        for (int round = 0; round < 40; round++) {
            String bucket = "race-" + round;
            store.createBucket(bucket, "r", "o", NOW);
            CyclicBarrier start = new CyclicBarrier(writers + 1);
            Set<String> committed = ConcurrentHashMap.newKeySet();
            AtomicInteger deleted = new AtomicInteger();
            runConcurrently(writers + 1, t -> {
                start.await();
                if (t == writers) {
                    try {
                        store.deleteBucket(bucket);
                        deleted.incrementAndGet();
                    } catch (MetadataException e) {
                        assertThat(e.reason()).isEqualTo(Reason.BUCKET_NOT_EMPTY);
                    }
                } else {
                    String dataId = bucket + "/" + t;
                    try {
                        store.putObject(bucket, object("k" + t, dataId), v -> true);
                        committed.add(dataId);
                    } catch (MetadataException e) {
                        assertThat(e.reason()).isEqualTo(Reason.NO_SUCH_BUCKET);
                    }
                }
                return null;
            });
            Set<String> stored = new HashSet<>();
            store.forEachDataId(id -> {
                if (id.startsWith(bucket + "/")) {
                    stored.add(id);
                }
            });
            assertThat(stored).isEqualTo(committed);
            if (deleted.get() == 1) {
                assertThat(committed).isEmpty();
                assertThat(store.bucket(bucket)).isEmpty();
            } else {
                assertThat(committed).isNotEmpty();
            }
        }
    }

    @Test
    void dataSurvivesReopen() throws Exception {
        BucketRecord b = store.createBucket("b", "r", "o", NOW);
        ObjectVersion v = new ObjectVersion("日本/😀", "null", false, 5, "e", NOW, Map.of("content-type", "a/b"),
                Map.of(), null, "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8), "o", List.of());
        store.putObject("b", v, Optional::isEmpty);
        store.close();

        store = RocksMetadataStore.open(dir);
        assertThat(store.bucket("b")).contains(b);
        assertThat(store.latest("b", "日本/😀")).get().usingRecursiveComparison().isEqualTo(v);
        assertThat(store.listObjects("b", new ListQuery("", "/", null, 10)).commonPrefixes())
                .containsExactly("日本/");
    }

    @Test
    void bucketIdIsNeverReusedEvenAcrossReopen() throws Exception {
        BucketRecord first = store.createBucket("b", "r", "o", NOW);
        // An object left under the old id (as a crash mid-way through a future multi-step delete might)
        // must not show through in the new bucket of the same name.
        store.deleteBucket("b");
        store.appendVersion(first.id(), object("ghost"));
        BucketRecord second = store.createBucket("b", "r", "o", NOW);
        assertThat(second.id()).isGreaterThan(first.id());
        assertThat(store.latest("b", "ghost")).isEmpty();
        assertThat(store.listObjects("b", new ListQuery("", null, null, 10)).objects()).isEmpty();
        store.deleteBucket("b");

        store.close();
        store = RocksMetadataStore.open(dir);
        BucketRecord third = store.createBucket("b", "r", "o", NOW);
        assertThat(third.id()).isGreaterThan(second.id());
    }

    @Test
    void forEachDataIdSkipsInlineObjectsAndDeleteMarkers() throws Exception {
        BucketRecord b = store.createBucket("b", "r", "o", NOW);
        BucketRecord c = store.createBucket("c", "r", "o", NOW);
        store.putObject("b", object("x", "d1"), v -> true);
        store.putObject("c", object("y", "d2"), v -> true);
        store.putObject("c", new ObjectVersion("z", "null", false, 1, "e", NOW, Map.of(), Map.of(), null,
                new byte[] {7}, "o", List.of()), v -> true);
        store.appendVersion(b.id(), TestVersions.deleteMarker("x"));
        store.appendVersion(c.id(), object("y", "d0"));
        List<String> ids = new ArrayList<>();
        store.forEachDataId(ids::add);
        assertThat(ids).containsExactlyInAnyOrder("d1", "d2", "d0");
    }

    @Test
    void rejectsKeysContainingNul() throws Exception {
        store.createBucket("b", "r", "o", NOW);
        assertThatThrownBy(() -> store.putObject("b", object("a\0b"), v -> true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeIsIdempotentAndLaterUseFailsCleanly() {
        store.close();
        store.close();
        assertThatThrownBy(() -> store.bucket("b")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.latest("b", "k")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void secondOpenOfTheSameDirectoryFailsWhileTheFirstHoldsTheLock() {
        assertThatThrownBy(() -> RocksMetadataStore.open(dir)).isInstanceOf(java.io.UncheckedIOException.class);
    }

    @Test
    void updateVersionRewritesInPlaceAndKeepsIdentity() throws Exception {
        store.createBucket("b", "r", "o", NOW);
        store.setVersioning("b", VersioningState.ENABLED);
        String older = store.putObject("b", object("k", "d1"), v -> true).written().versionId();
        String newer = store.putObject("b", object("k", "d2"), v -> true).written().versionId();

        Optional<ObjectVersion> tagged = store.updateVersion("b", "k", older,
                v -> v.withTags(Map.of("a", "1")).withVersionId("ignored"));
        assertThat(tagged).get().extracting(ObjectVersion::versionId).isEqualTo(older);
        assertThat(store.version("b", "k", older)).get().extracting(ObjectVersion::tags).isEqualTo(Map.of("a", "1"));
        // Still the older version: the newest is untouched and listing order holds.
        assertThat(store.latest("b", "k")).get().extracting(ObjectVersion::versionId).isEqualTo(newer);
        assertThat(store.latest("b", "k")).get().extracting(ObjectVersion::tags).isEqualTo(Map.of());

        Optional<ObjectVersion> moved = store.updateVersion("b", "k", newer,
                v -> v.withLocation(Map.of("tier", "COLD"), null, null, List.of()));
        assertThat(moved).get().extracting(ObjectVersion::dataId).isNull();
        assertThat(store.latest("b", "k")).get().satisfies(v -> {
            assertThat(v.transitioned()).isTrue();
            assertThat(v.size()).isEqualTo(42);
            assertThat(v.versionId()).isEqualTo(newer);
        });
        List<String> ids = new java.util.ArrayList<>();
        store.forEachDataId(ids::add);
        assertThat(ids).containsExactly("d1");

        assertThat(store.updateVersion("b", "k", newer, v -> null)).isEmpty();
        assertThat(store.updateVersion("b", "nokey", "null", v -> v)).isEmpty();
        assertReason(() -> store.updateVersion("nob", "k", "null", v -> v), Reason.NO_SUCH_BUCKET);
    }

    @Test
    void aRaisedLastModifiedKeepsEncryptionTagsAndTier() throws Exception {
        store.createBucket("b", "r", "o", NOW);
        store.putObject("b", object("k", "d1"), v -> true);
        ObjectVersion older = new ObjectVersion("k", "null", false, 1, "e", TestVersions.T0.minusSeconds(60),
                Map.of(), Map.of(), "d2", null, "o", List.of(), Map.of("mode", "SSE-S3"), Map.of("t", "1"), Map.of());
        ObjectVersion written = store.putObject("b", older, v -> true).written();
        assertThat(written.lastModified()).isEqualTo(TestVersions.T0);
        assertThat(written.encryption()).isEqualTo(Map.of("mode", "SSE-S3"));
        assertThat(written.tags()).isEqualTo(Map.of("t", "1"));
    }

    @Test
    void updateBucketKeepsIdAndNameAndRefreshesTheCache() throws Exception {
        BucketRecord created = store.createBucket("b", "r", "o", NOW);
        assertThat(store.bucket("b")).get().extracting(BucketRecord::lifecycle).isNull();
        BucketRecord changed = store.updateBucket("b", b -> new BucketRecord(99, "other", b.region(), b.owner(),
                b.created(), b.versioning(), b.encryption(), Map.of("team", "x"), "<LifecycleConfiguration/>"));
        assertThat(changed.id()).isEqualTo(created.id());
        assertThat(changed.name()).isEqualTo("b");
        assertThat(store.bucket("b")).get().isEqualTo(changed);
        assertThat(store.updateBucket("b", b -> b.withLifecycle(null).withTags(Map.of())).lifecycle()).isNull();
        assertThat(store.bucket("b")).get().extracting(BucketRecord::tags).isEqualTo(Map.of());
        assertReason(() -> store.updateBucket("nob", b -> b), Reason.NO_SUCH_BUCKET);
    }

    @Test
    void tiersAreStoredListedAndDeleted() {
        assertThat(store.tiers()).isEmpty();
        TierRecord cold = new TierRecord("COLD", "s3", Map.of("bucket", "x"), NOW);
        TierRecord azure = new TierRecord("ARCHIVE", "azure", Map.of("container", "c"), NOW);
        store.putTier(cold);
        store.putTier(azure);
        assertThat(store.tiers()).containsExactly(azure, cold);
        assertThat(store.tier("COLD")).contains(cold);
        assertThat(store.tier("COLDER")).isEmpty();
        assertThat(store.deleteTier("COLD")).isTrue();
        assertThat(store.deleteTier("COLD")).isFalse();
        assertThat(store.tiers()).containsExactly(azure);
    }

    @FunctionalInterface
    private interface Task {
        Void run(int thread) throws Exception;
    }

    private static void runConcurrently(int threads, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                Callable<Void> c = () -> task.run(id);
                futures.add(pool.submit(c));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertReason(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MetadataException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void bucketEncryptionIsKeptAcrossVersioningChanges() throws Exception {
        store.createBucket("enc", "r", "o", Instant.EPOCH);
        store.setBucketEncryption("enc", Map.of("algorithm", "AES256"));
        store.setVersioning("enc", VersioningState.ENABLED);
        assertThat(store.bucket("enc").orElseThrow().encryption()).isEqualTo(Map.of("algorithm", "AES256"));
        store.setBucketEncryption("enc", Map.of());
        assertThat(store.bucket("enc").orElseThrow().encryption()).isEmpty();
    }

    @Test
    void resealRewritesOnlyEncryptedVersionsInPlace() throws Exception {
        store.createBucket("rs", "r", "o", Instant.EPOCH);
        store.setVersioning("rs", VersioningState.ENABLED);
        for (int i = 0; i < 3; i++) {
            store.putObject("rs", new ObjectVersion("k", "null", false, 1, "e", Instant.EPOCH, Map.of(), Map.of(),
                    null, new byte[] {1}, "o", List.of(), Map.of("kek", "old", "n", String.valueOf(i))), x -> true);
        }
        store.putObject("rs", new ObjectVersion("plain", "null", false, 1, "e", Instant.EPOCH, Map.of(), Map.of(),
                null, new byte[] {1}, "o", List.of()), x -> true);
        long n = store.resealVersions(e -> e.get("kek").equals("old")
                ? Map.of("kek", "new", "n", e.get("n")) : null);
        assertThat(n).isEqualTo(3);
        assertThat(store.resealVersions(e -> e.get("kek").equals("old") ? Map.of() : null)).isZero();
        VersionPage page = store.listVersions("rs", new VersionQuery("k", null, null, null, 10));
        assertThat(page.versions()).hasSize(3).allSatisfy(v -> assertThat(v.version().encryption()).containsEntry("kek", "new"));
        assertThat(store.latest("rs", "k").orElseThrow().encryption()).containsEntry("n", "2");
    }
}
