package io.cairn.meta;

import static io.cairn.meta.TestVersions.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.meta.MetadataException.Reason;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Multipart uploads: records, parts, completion, abort, and their races. */
class MultipartTest {

    private static final Instant NOW = Instant.parse("2025-06-07T08:09:10Z");

    @TempDir
    Path dir;
    private RocksMetadataStore store;

    @BeforeEach
    void open() throws Exception {
        store = RocksMetadataStore.open(dir);
        store.createBucket("b", "r", "o", NOW);
    }

    @AfterEach
    void close() {
        store.close();
    }

    // --- uploads ---

    @Test
    void createdUploadCanBeLookedUpByKeyAndId() throws Exception {
        UploadRecord u = new UploadRecord("videos/日本.mp4", "u-1", NOW, Map.of("content-type", "video/mp4"),
                Map.of("checksum-algorithm", "CRC32"), "alice", Map.of("project", "x"));
        store.createUpload("b", u);
        assertThat(store.upload("b", "videos/日本.mp4", "u-1")).contains(u);
        assertThat(store.upload("b", "videos/日本.mp4", "u-2")).isEmpty();
        assertThat(store.upload("b", "videos/日本.mp", "u-1")).isEmpty();
        assertThat(store.upload("b", "videos/日本.mp4x", "u-1")).isEmpty();
        assertReason(() -> store.upload("missing", "k", "u-1"), Reason.NO_SUCH_BUCKET);
        assertReason(() -> store.createUpload("missing", upload("k", "u")), Reason.NO_SUCH_BUCKET);

        store.close();
        store = RocksMetadataStore.open(dir);
        assertThat(store.upload("b", "videos/日本.mp4", "u-1")).contains(u);
    }

    @Test
    void uploadIdsMustBeUsableAndUniquePerKey() throws Exception {
        store.createUpload("b", upload("k", "u"));
        assertThatThrownBy(() -> store.createUpload("b", upload("k", "u")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.createUpload("b", upload("k", ""))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.createUpload("b", upload("k", "a\0b")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.createUpload("b", upload("a\0b", "u2")))
                .isInstanceOf(IllegalArgumentException.class);
        // Another key may carry the same id: its parts live elsewhere.
        store.createUpload("b", upload("k2", "u"));
        store.putPart("b", "k", "u", part(1, "k-1"));
        store.putPart("b", "k2", "u", part(1, "k2-1"));
        assertThat(store.allParts("b", "k", "u")).extracting(PartRecord::dataId).containsExactly("k-1");
        assertThat(store.allParts("b", "k2", "u")).extracting(PartRecord::dataId).containsExactly("k2-1");
    }

    // --- parts ---

    @Test
    void aPartWithTheSameNumberIsReplacedAndHandedBack() throws Exception {
        store.createUpload("b", upload("k", "u"));
        assertThat(store.putPart("b", "k", "u", part(2, "p2"))).isEmpty();
        assertThat(store.putPart("b", "k", "u", part(1, "p1"))).isEmpty();
        PartRecord newer = new PartRecord(1, 99, "etag-new", NOW.plusSeconds(1), "p1-new", Map.of("CRC32", "x"));
        assertThat(store.putPart("b", "k", "u", newer)).contains(part(1, "p1"));
        assertThat(store.allParts("b", "k", "u")).containsExactly(newer, part(2, "p2"));
        assertThatThrownBy(() -> store.putPart("b", "k", "u", part(0, "x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.putPart("b", "k", "u", part(10_001, "x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.putPart("b", "k", "u", part(10_000, "last"))).isEmpty();
    }

    @Test
    void partsNeedTheirUpload() throws Exception {
        assertReason(() -> store.putPart("b", "k", "u", part(1, "x")), Reason.NO_SUCH_UPLOAD);
        store.createUpload("b", upload("k", "u"));
        assertReason(() -> store.putPart("b", "other", "u", part(1, "x")), Reason.NO_SUCH_UPLOAD);
        assertReason(() -> store.putPart("missing", "k", "u", part(1, "x")), Reason.NO_SUCH_BUCKET);
        assertReason(() -> store.allParts("b", "k", "nope"), Reason.NO_SUCH_UPLOAD);
        assertReason(() -> store.listParts("b", "k", "nope", 0, 10), Reason.NO_SUCH_UPLOAD);
        store.abortUpload("b", "k", "u");
        assertReason(() -> store.putPart("b", "k", "u", part(1, "x")), Reason.NO_SUCH_UPLOAD);
    }

    @Test
    void listPartsPagesByPartNumber() throws Exception {
        store.createUpload("b", upload("k", "u"));
        for (int n : new int[] {8, 1, 5, 3, 2, 256, 10_000}) {
            store.putPart("b", "k", "u", part(n, "p" + n));
        }
        assertThat(store.listParts("b", "k", "u", 0, 2)).isEqualTo(new PartPage(
                List.of(part(1, "p1"), part(2, "p2")), true, 2));
        assertThat(store.listParts("b", "k", "u", 2, 2)).isEqualTo(new PartPage(
                List.of(part(3, "p3"), part(5, "p5")), true, 5));
        assertThat(store.listParts("b", "k", "u", 5, 3)).isEqualTo(new PartPage(
                List.of(part(8, "p8"), part(256, "p256"), part(10_000, "p10000")), false, 10_000));
        assertThat(store.listParts("b", "k", "u", 4, 1)).isEqualTo(new PartPage(List.of(part(5, "p5")), true, 5));
        assertThat(store.listParts("b", "k", "u", 10_000, 5)).isEqualTo(new PartPage(List.of(), false, 0));
        assertThat(store.listParts("b", "k", "u", 0, 0)).isEqualTo(new PartPage(List.of(), false, 0));
        assertThat(store.listParts("b", "k", "u", 0, 1000).parts()).hasSize(7);
        assertThatThrownBy(() -> store.listParts("b", "k", "u", -1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.listParts("b", "k", "u", 0, -5)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- abort ---

    @Test
    void abortRemovesTheUploadAndHandsBackItsParts() throws Exception {
        store.createUpload("b", upload("k", "u"));
        store.createUpload("b", upload("k", "keep"));
        store.putPart("b", "k", "u", part(1, "p1"));
        store.putPart("b", "k", "u", part(2, "p2"));
        store.putPart("b", "k", "keep", part(1, "kept"));
        assertThat(store.abortUpload("b", "k", "u")).containsExactly(part(1, "p1"), part(2, "p2"));
        assertThat(store.upload("b", "k", "u")).isEmpty();
        assertThat(dataIds()).containsExactly("kept");
        assertReason(() -> store.abortUpload("b", "k", "u"), Reason.NO_SUCH_UPLOAD);
        assertThat(store.abortUpload("b", "k", "keep")).containsExactly(part(1, "kept"));
        assertThat(store.listUploads("b", new UploadQuery("", null, null, null, 10)).uploads()).isEmpty();
    }

    // --- complete ---

    @Test
    void completeWithASubsetOfPartsHandsBackTheRest() throws Exception {
        store.createUpload("b", upload("k", "u"));
        for (int n = 1; n <= 5; n++) {
            store.putPart("b", "k", "u", part(n, "p" + n));
        }
        ObjectVersion version = multipart("k", part(1, "p1"), part(3, "p3"), part(5, "p5"));
        CompleteResult done = store.completeUpload("b", "u", version, Optional::isEmpty);

        assertThat(done.unusedParts()).containsExactly(part(2, "p2"), part(4, "p4"));
        assertThat(done.write().displaced()).isEmpty();
        assertThat(done.write().written().versionId()).isEqualTo(ObjectVersion.NULL_VERSION);
        ObjectVersion stored = store.latest("b", "k").orElseThrow();
        assertThat(stored).usingRecursiveComparison().isEqualTo(done.write().written());
        assertThat(stored.parts()).extracting(PartRef::dataId).containsExactly("p1", "p3", "p5");
        assertThat(stored.dataIds()).containsExactly("p1", "p3", "p5");

        assertThat(store.upload("b", "k", "u")).isEmpty();
        assertReason(() -> store.allParts("b", "k", "u"), Reason.NO_SUCH_UPLOAD);
        assertReason(() -> store.completeUpload("b", "u", version, v -> true), Reason.NO_SUCH_UPLOAD);
        assertThat(dataIds()).containsExactlyInAnyOrder("p1", "p3", "p5");
    }

    @Test
    void completeWritesTheVersionAsPutObjectWould() throws Exception {
        store.setVersioning("b", VersioningState.ENABLED);
        String before = store.putObject("b", object("k", "plain"), v -> true).written().versionId();
        store.createUpload("b", upload("k", "u1"));
        store.putPart("b", "k", "u1", part(1, "a1"));
        CompleteResult enabled = store.completeUpload("b", "u1", multipart("k", part(1, "a1")), v -> true);
        String id = enabled.write().written().versionId();
        assertThat(id).isNotEqualTo(ObjectVersion.NULL_VERSION).isGreaterThan(before);
        assertThat(enabled.write().displaced()).isEmpty();
        assertThat(store.version("b", "k", before)).isPresent();
        assertThat(store.version("b", "k", id)).get().extracting(v -> v.parts().size()).isEqualTo(1);

        store.setVersioning("b", VersioningState.SUSPENDED);
        store.putObject("b", object("k", "null-one"), v -> true);
        store.createUpload("b", upload("k", "u2"));
        store.putPart("b", "k", "u2", part(1, "b1"));
        CompleteResult suspended = store.completeUpload("b", "u2", multipart("k", part(1, "b1")), v -> true);
        assertThat(suspended.write().written().versionId()).isEqualTo(ObjectVersion.NULL_VERSION);
        assertThat(suspended.write().displaced()).extracting(ObjectVersion::dataId).containsExactly("null-one");
        assertThat(store.version("b", "k", id)).isPresent();
    }

    @Test
    void failedPreconditionLeavesTheUploadUntouched() throws Exception {
        store.putObject("b", object("k", "existing"), v -> true);
        store.createUpload("b", upload("k", "u"));
        store.putPart("b", "k", "u", part(1, "p1"));
        assertReason(() -> store.completeUpload("b", "u", multipart("k", part(1, "p1")), Optional::isEmpty),
                Reason.PRECONDITION_FAILED);
        assertThat(store.upload("b", "k", "u")).isPresent();
        assertThat(store.allParts("b", "k", "u")).containsExactly(part(1, "p1"));
        assertThat(store.latest("b", "k")).get().extracting(ObjectVersion::dataId).isEqualTo("existing");
        // Still completable once the condition holds.
        CompleteResult done = store.completeUpload("b", "u", multipart("k", part(1, "p1")), v -> true);
        assertThat(done.write().displaced()).extracting(ObjectVersion::dataId).containsExactly("existing");
    }

    @Test
    void completeRefusesPartsTheUploadDoesNotHold() throws Exception {
        store.createUpload("b", upload("k", "u"));
        store.putPart("b", "k", "u", part(1, "p1"));
        store.putPart("b", "k", "u", part(2, "p2"));
        // Part 2 replaced after the caller read it: the old data was handed back to be freed.
        store.putPart("b", "k", "u", part(2, "p2-new"));
        assertReason(() -> store.completeUpload("b", "u", multipart("k", part(1, "p1"), part(2, "p2")), v -> true),
                Reason.INVALID_PART);
        assertReason(() -> store.completeUpload("b", "u", multipart("k", part(1, "p1"), part(3, "p3")), v -> true),
                Reason.INVALID_PART);
        assertThat(store.allParts("b", "k", "u")).hasSize(2);
        assertThat(store.latest("b", "k")).isEmpty();
        assertReason(() -> store.completeUpload("b", "wrong", multipart("k", part(1, "p1")), v -> true),
                Reason.NO_SUCH_UPLOAD);
        assertReason(() -> store.completeUpload("missing", "u", multipart("k", part(1, "p1")), v -> true),
                Reason.NO_SUCH_BUCKET);
    }

    @Test
    void completesTenThousandPartsInOneCommit() throws Exception {
        store.createUpload("b", upload("big", "u"));
        int parts = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Optional<PartRecord>>> futures = new ArrayList<>();
            for (int n = 1; n <= parts; n++) {
                int number = n;
                futures.add(pool.submit(() -> store.putPart("b", "big", "u", part(number, "p" + number))));
            }
            for (Future<Optional<PartRecord>> f : futures) {
                assertThat(f.get()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        List<PartRecord> all = store.allParts("b", "big", "u");
        assertThat(all).hasSize(parts);
        ObjectVersion version = multipart("big", all.toArray(PartRecord[]::new));

        CompleteResult done = store.completeUpload("b", "u", version, Optional::isEmpty);
        assertThat(done.unusedParts()).isEmpty();
        assertThat(store.latest("b", "big")).get().satisfies(v -> {
            assertThat(v.parts()).hasSize(parts);
            assertThat(v.parts().getLast().partNumber()).isEqualTo(parts);
        });
        Set<String> ids = new HashSet<>(dataIds());
        assertThat(ids).hasSize(parts).contains("p1", "p10000");
        assertThat(store.upload("b", "big", "u")).isEmpty();
    }

    // --- races ---

    @Test
    void aPartRacingACompletionIsEitherHandedBackOrRefused() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(9);
        int acceptedTotal = 0;
        int refusedTotal = 0;
        try {
            for (int round = 0; round < 30; round++) {
                String key = "race-" + round;
                store.createUpload("b", upload(key, "u"));
                store.putPart("b", key, "u", part(1, key + "/1"));
                store.putPart("b", key, "u", part(2, key + "/2"));
                ObjectVersion version = multipart(key, part(1, key + "/1"), part(2, key + "/2"));
                CyclicBarrier start = new CyclicBarrier(9);
                Set<String> accepted = ConcurrentHashMap.newKeySet();
                Set<String> refused = ConcurrentHashMap.newKeySet();
                List<Future<?>> racers = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int number = 3 + t;
                    racers.add(pool.submit(() -> {
                        start.await();
                        String dataId = key + "/" + number;
                        try {
                            store.putPart("b", key, "u", part(number, dataId));
                            accepted.add(dataId);
                        } catch (MetadataException e) {
                            assertThat(e.reason()).isEqualTo(Reason.NO_SUCH_UPLOAD);
                            refused.add(dataId);
                        }
                        return null;
                    }));
                }
                Future<CompleteResult> completion = pool.submit(() -> {
                    start.await();
                    return store.completeUpload("b", "u", version, v -> true);
                });
                for (Future<?> f : racers) {
                    f.get();
                }
                CompleteResult done = completion.get();
                Set<String> handedBack = new HashSet<>();
                done.unusedParts().forEach(p -> handedBack.add(p.dataId()));
                // Every accepted part is accounted for exactly once: no leak, no part freed twice.
                assertThat(handedBack).as("round %d", round).isEqualTo(accepted);
                assertThat(Collections.disjoint(accepted, refused)).isTrue();
                assertThat(accepted.size() + refused.size()).isEqualTo(8);
                acceptedTotal += accepted.size();
                refusedTotal += refused.size();
            }
            assertThat(dataIds()).allMatch(id -> id.endsWith("/1") || id.endsWith("/2"));
            // Both sides of the race really happened, so the check above is not vacuous.
            assertThat(acceptedTotal).isPositive();
            assertThat(refusedTotal).isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPartRacingAnAbortIsEitherHandedBackOrRefused() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            for (int round = 0; round < 30; round++) {
                String key = "race-" + round;
                store.createUpload("b", upload(key, "u"));
                CyclicBarrier start = new CyclicBarrier(9);
                Set<String> accepted = ConcurrentHashMap.newKeySet();
                List<Future<?>> racers = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int number = 1 + t;
                    racers.add(pool.submit(() -> {
                        start.await();
                        try {
                            store.putPart("b", key, "u", part(number, key + "/" + number));
                            accepted.add(key + "/" + number);
                        } catch (MetadataException e) {
                            assertThat(e.reason()).isEqualTo(Reason.NO_SUCH_UPLOAD);
                        }
                        return null;
                    }));
                }
                Future<List<PartRecord>> abort = pool.submit(() -> {
                    start.await();
                    return store.abortUpload("b", key, "u");
                });
                for (Future<?> f : racers) {
                    f.get();
                }
                assertThat(abort.get()).extracting(PartRecord::dataId).containsExactlyInAnyOrderElementsOf(accepted);
            }
            assertThat(dataIds()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentUploadsOfOnePartNumberHandBackEachLoserOnce() throws Exception {
        store.createUpload("b", upload("k", "u"));
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<Optional<PartRecord>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String dataId = "attempt-" + t;
                futures.add(pool.submit(() -> {
                    start.await();
                    return store.putPart("b", "k", "u", part(7, dataId));
                }));
            }
            List<String> replaced = new ArrayList<>();
            for (Future<Optional<PartRecord>> f : futures) {
                f.get().ifPresent(p -> replaced.add(p.dataId()));
            }
            List<String> remaining = store.allParts("b", "k", "u").stream().map(PartRecord::dataId).toList();
            assertThat(remaining).hasSize(1);
            assertThat(replaced).hasSize(threads - 1).doesNotHaveDuplicates().doesNotContainAnyElementsOf(remaining);
        } finally {
            pool.shutdownNow();
        }
    }

    // --- buckets and data ids ---

    @Test
    void deleteBucketTakesItsUploadsAlongButNotItsObjects() throws Exception {
        store.createUpload("b", upload("k", "u1"));
        store.createUpload("b", upload("k/2", "u2"));
        store.putPart("b", "k", "u1", part(1, "a"));
        store.putPart("b", "k/2", "u2", part(1, "b"));
        store.putPart("b", "k/2", "u2", part(2, "c"));
        store.createBucket("other", "r", "o", NOW);
        store.createUpload("other", upload("k", "u1"));
        store.putPart("other", "k", "u1", part(1, "other-part"));
        store.putObject("b", object("obj", "obj-data"), v -> true);

        assertReason(() -> store.deleteBucket("b"), Reason.BUCKET_NOT_EMPTY);
        assertThat(store.allParts("b", "k/2", "u2")).hasSize(2);

        store.deleteObject("b", "obj", NOW, "o");
        assertThat(store.deleteBucket("b")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(dataIds()).containsExactly("other-part");
        store.createBucket("b", "r", "o", NOW);
        assertThat(store.listUploads("b", new UploadQuery("", null, null, null, 10)).uploads()).isEmpty();
        assertThat(store.upload("b", "k", "u1")).isEmpty();
        assertThat(store.allParts("other", "k", "u1")).hasSize(1);
    }

    @Test
    void forEachDataIdCoversMultipartVersionsAndPartsInProgress() throws Exception {
        store.setVersioning("b", VersioningState.ENABLED);
        store.createUpload("b", upload("done", "u"));
        store.putPart("b", "done", "u", part(1, "m1"));
        store.putPart("b", "done", "u", part(2, "m2"));
        store.completeUpload("b", "u", multipart("done", part(1, "m1"), part(2, "m2")), v -> true);
        store.putObject("b", object("done", "plain"), v -> true);
        store.createUpload("b", upload("pending", "u"));
        store.putPart("b", "pending", "u", part(1, "pending-1"));
        store.deleteObject("b", "done", NOW, "o");
        assertThat(dataIds()).containsExactlyInAnyOrder("m1", "m2", "plain", "pending-1");
    }

    @Test
    void forEachDataIdMissesNoPartThatACompletionMovesDuringTheScan() throws Exception {
        store.putObject("b", object("a", "first"), v -> true);
        store.createUpload("b", upload("z", "u"));
        store.putPart("b", "z", "u", part(1, "z1"));
        store.putPart("b", "z", "u", part(2, "z2"));
        List<String> seen = new ArrayList<>();
        store.forEachDataId(id -> {
            if (seen.isEmpty()) {
                // Completes while the scan is between the versions it read and the parts it has yet to read.
                try {
                    store.completeUpload("b", "u", multipart("z", part(1, "z1"), part(2, "z2")), v -> true);
                } catch (MetadataException e) {
                    throw new AssertionError(e);
                }
            }
            seen.add(id);
        });
        assertThat(seen).contains("first", "z1", "z2");
        assertThat(store.upload("b", "z", "u")).isEmpty();
    }

    private List<String> dataIds() {
        List<String> ids = new ArrayList<>();
        store.forEachDataId(ids::add);
        return ids;
    }

    static UploadRecord upload(String key, String uploadId) {
        return new UploadRecord(key, uploadId, NOW, Map.of("content-type", "application/octet-stream"), Map.of(),
                "owner");
    }

    static PartRecord part(int number, String dataId) {
        return new PartRecord(number, 5L << 20, "etag-" + number, NOW, dataId, Map.of());
    }

    static ObjectVersion multipart(String key, PartRecord... parts) {
        List<PartRef> refs = IntStream.range(0, parts.length).mapToObj(i -> parts[i].toRef()).toList();
        long size = refs.stream().mapToLong(PartRef::size).sum();
        return new ObjectVersion(key, null, false, size, "multipart-etag-" + parts.length, NOW, Map.of(), Map.of(),
                null, null, "owner", refs);
    }

    private static void assertReason(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MetadataException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
