package io.cairn.meta;

import static io.cairn.meta.ObjectVersion.NULL_VERSION;
import static io.cairn.meta.TestVersions.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.meta.MetadataException.Reason;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 versioning semantics of writes, deletes and lookups, per bucket state. */
class VersioningTest {

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

    // --- bucket state ---

    @Test
    void bucketsStartUnversionedAndCanOnlyBeEnabledOrSuspended() throws Exception {
        assertThat(store.bucket("b").orElseThrow().versioning()).isEqualTo(VersioningState.UNVERSIONED);
        store.setVersioning("b", VersioningState.ENABLED);
        assertThat(store.bucket("b").orElseThrow().versioning()).isEqualTo(VersioningState.ENABLED);
        store.setVersioning("b", VersioningState.SUSPENDED);
        assertThat(store.bucket("b").orElseThrow().versioning()).isEqualTo(VersioningState.SUSPENDED);
        assertThatThrownBy(() -> store.setVersioning("b", VersioningState.UNVERSIONED))
                .isInstanceOf(IllegalArgumentException.class);
        assertReason(() -> store.setVersioning("missing", VersioningState.ENABLED), Reason.NO_SUCH_BUCKET);
        store.setVersioning("b", VersioningState.ENABLED);

        BucketRecord before = store.bucket("b").orElseThrow();
        store.close();
        store = RocksMetadataStore.open(dir);
        assertThat(store.bucket("b")).contains(before);
        assertThat(before.versioning()).isEqualTo(VersioningState.ENABLED);
    }

    @Test
    void settingVersioningDoesNotResurrectADeletedBucket() throws Exception {
        store.deleteBucket("b");
        assertReason(() -> store.setVersioning("b", VersioningState.ENABLED), Reason.NO_SUCH_BUCKET);
        assertThat(store.bucket("b")).isEmpty();
    }

    // --- ENABLED ---

    @Test
    void enabledBucketKeepsEveryVersionUnderANewTimeOrderedId() throws Exception {
        store.setVersioning("b", VersioningState.ENABLED);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            WriteResult w = store.putObject("b", object("k", "d" + i), v -> true);
            assertThat(w.displaced()).isEmpty();
            assertThat(w.written().versionId()).hasSize(VersionIds.LENGTH).isNotEqualTo(NULL_VERSION);
            assertThat(w.written().dataId()).isEqualTo("d" + i);
            ids.add(w.written().versionId());
        }
        assertThat(ids).doesNotHaveDuplicates().isSorted();
        assertThat(store.latest("b", "k")).get().extracting(ObjectVersion::versionId).isEqualTo(ids.get(2));
        for (int i = 0; i < 3; i++) {
            assertThat(store.version("b", "k", ids.get(i))).get().extracting(ObjectVersion::dataId)
                    .isEqualTo("d" + i);
        }
        assertThat(versionsOf("k")).containsExactly(ids.get(2) + "/d2/latest", ids.get(1) + "/d1", ids.get(0) + "/d0");
    }

    @Test
    void callerSuppliedVersionIdIsReplaced() throws Exception {
        assertThat(store.putObject("b", object("k").withVersionId("mine"), v -> true).written().versionId())
                .isEqualTo(NULL_VERSION);
        store.setVersioning("b", VersioningState.ENABLED);
        String id = store.putObject("b", object("k").withVersionId("mine"), v -> true).written().versionId();
        assertThat(id).isNotEqualTo("mine");
        assertThat(store.version("b", "k", "mine")).isEmpty();
        assertThat(store.latest("b", "k")).get().extracting(ObjectVersion::versionId).isEqualTo(id);
    }

    @Test
    void nullVersionWrittenBeforeVersioningIsKeptWhenEnabled() throws Exception {
        store.putObject("b", object("k", "old"), v -> true);
        store.setVersioning("b", VersioningState.ENABLED);
        WriteResult w = store.putObject("b", object("k", "new"), v -> true);
        assertThat(w.displaced()).isEmpty();
        assertThat(store.version("b", "k", NULL_VERSION)).get().extracting(ObjectVersion::dataId).isEqualTo("old");
        assertThat(versionsOf("k")).containsExactly(w.written().versionId() + "/new/latest", "null/old");
    }

    @Test
    void deleteInEnabledBucketAddsAMarkerAndDeletingTheMarkerUndeletes() throws Exception {
        store.setVersioning("b", VersioningState.ENABLED);
        String v1 = store.putObject("b", object("k", "d1"), v -> true).written().versionId();
        WriteResult deleted = store.deleteObject("b", "k", NOW, "alice");
        ObjectVersion marker = deleted.written();
        assertThat(deleted.displaced()).isEmpty();
        assertThat(marker.deleteMarker()).isTrue();
        assertThat(marker.key()).isEqualTo("k");
        assertThat(marker.owner()).isEqualTo("alice");
        assertThat(marker.lastModified()).isEqualTo(NOW);
        assertThat(marker.versionId()).isNotEqualTo(NULL_VERSION).isGreaterThan(v1);

        assertThat(store.latest("b", "k")).get().extracting(ObjectVersion::deleteMarker).isEqualTo(true);
        assertThat(store.listObjects("b", new ListQuery("", null, null, 10)).objects()).isEmpty();
        assertThat(store.version("b", "k", v1)).get().extracting(ObjectVersion::dataId).isEqualTo("d1");
        assertThat(store.version("b", "k", marker.versionId())).get().extracting(ObjectVersion::deleteMarker)
                .isEqualTo(true);

        WriteResult undelete = store.deleteVersion("b", "k", marker.versionId());
        assertThat(undelete.written()).isNull();
        assertThat(undelete.displaced()).singleElement().extracting(ObjectVersion::versionId)
                .isEqualTo(marker.versionId());
        assertThat(store.latest("b", "k")).get().extracting(ObjectVersion::versionId).isEqualTo(v1);
        assertThat(store.listObjects("b", new ListQuery("", null, null, 10)).objects())
                .extracting(ObjectVersion::dataId).containsExactly("d1");
    }

    @Test
    void deleteOfAMissingKeyInEnabledBucketStillAddsAMarker() throws Exception {
        store.setVersioning("b", VersioningState.ENABLED);
        WriteResult w = store.deleteObject("b", "ghost", NOW, "o");
        assertThat(w.written().deleteMarker()).isTrue();
        WriteResult again = store.deleteObject("b", "ghost", NOW, "o");
        assertThat(again.written().versionId()).isNotEqualTo(w.written().versionId());
        assertThat(again.displaced()).isEmpty();
        assertThat(versionsOf("ghost")).containsExactly(again.written().versionId() + "/marker/latest",
                w.written().versionId() + "/marker");
        assertReason(() -> store.deleteBucket("b"), Reason.BUCKET_NOT_EMPTY);
    }

    @Test
    void deletingASpecificOldVersionLeavesTheOthers() throws Exception {
        store.setVersioning("b", VersioningState.ENABLED);
        String v1 = store.putObject("b", object("k", "d1"), v -> true).written().versionId();
        String v2 = store.putObject("b", object("k", "d2"), v -> true).written().versionId();
        String v3 = store.putObject("b", object("k", "d3"), v -> true).written().versionId();

        WriteResult w = store.deleteVersion("b", "k", v2);
        assertThat(w.written()).isNull();
        assertThat(w.displaced()).singleElement().extracting(ObjectVersion::dataId).isEqualTo("d2");
        assertThat(store.version("b", "k", v2)).isEmpty();
        assertThat(versionsOf("k")).containsExactly(v3 + "/d3/latest", v1 + "/d1");

        // Deleting the newest makes the next one current.
        assertThat(store.deleteVersion("b", "k", v3).displaced()).extracting(ObjectVersion::dataId)
                .containsExactly("d3");
        assertThat(store.latest("b", "k")).get().extracting(ObjectVersion::versionId).isEqualTo(v1);
        assertThat(store.deleteVersion("b", "k", v1).displaced()).hasSize(1);
        assertThat(store.latest("b", "k")).isEmpty();
        store.deleteBucket("b");
    }

    @Test
    void deletingAVersionThatDoesNotExistIsNoError() throws Exception {
        store.setVersioning("b", VersioningState.ENABLED);
        String v1 = store.putObject("b", object("k", "d1"), v -> true).written().versionId();
        WriteResult nothing = new WriteResult(null, List.of());
        assertThat(store.deleteVersion("b", "k", NULL_VERSION)).isEqualTo(nothing);
        assertThat(store.deleteVersion("b", "k", "not-an-id")).isEqualTo(nothing);
        assertThat(store.deleteVersion("b", "other", v1)).isEqualTo(nothing);
        assertThat(store.deleteVersion("b", "k", forged(v1))).isEqualTo(nothing);
        assertThat(store.deleteVersion("b", "k", v1).displaced()).hasSize(1);
        assertThat(store.deleteVersion("b", "k", v1)).isEqualTo(nothing);
        assertReason(() -> store.deleteVersion("missing", "k", v1), Reason.NO_SUCH_BUCKET);
    }

    @Test
    void lookupNeedsTheWholeIdNotJustItsStamp() throws Exception {
        store.setVersioning("b", VersioningState.ENABLED);
        String v1 = store.putObject("b", object("k", "d1"), v -> true).written().versionId();
        assertThat(store.version("b", "k", forged(v1))).isEmpty();
        assertThat(store.version("b", "k", v1.substring(0, 31))).isEmpty();
        assertThat(store.version("b", "k2", v1)).isEmpty();
        assertThat(store.version("b", "k", NULL_VERSION)).isEmpty();
        assertReason(() -> store.version("missing", "k", v1), Reason.NO_SUCH_BUCKET);
    }

    @Test
    void preconditionSeesTheNewestVersionOrMarker() throws Exception {
        store.setVersioning("b", VersioningState.ENABLED);
        store.putObject("b", object("k", "d1"), v -> true);
        store.deleteObject("b", "k", NOW, "o");
        List<Optional<ObjectVersion>> seen = new ArrayList<>();
        assertReason(() -> store.putObject("b", object("k", "d2"), current -> seen.add(current) && false),
                Reason.PRECONDITION_FAILED);
        assertThat(seen).singleElement().satisfies(c -> assertThat(c).get()
                .extracting(ObjectVersion::deleteMarker).isEqualTo(true));
        assertThat(versionsOf("k")).hasSize(2);
    }

    // --- SUSPENDED ---

    @Test
    void suspendedPutReplacesOnlyTheNullVersionAndKeepsOlderIds() throws Exception {
        store.setVersioning("b", VersioningState.ENABLED);
        String v1 = store.putObject("b", object("k", "d1"), v -> true).written().versionId();
        String v2 = store.putObject("b", object("k", "d2"), v -> true).written().versionId();
        store.setVersioning("b", VersioningState.SUSPENDED);

        WriteResult n1 = store.putObject("b", object("k", "n1"), v -> true);
        assertThat(n1.written().versionId()).isEqualTo(NULL_VERSION);
        assertThat(n1.displaced()).isEmpty();
        WriteResult n2 = store.putObject("b", object("k", "n2"), v -> true);
        assertThat(n2.displaced()).extracting(ObjectVersion::dataId).containsExactly("n1");
        assertThat(versionsOf("k")).containsExactly("null/n2/latest", v2 + "/d2", v1 + "/d1");

        // The null version sinks below newer ids; a suspended write then takes it from the middle.
        store.setVersioning("b", VersioningState.ENABLED);
        String v3 = store.putObject("b", object("k", "d3"), v -> true).written().versionId();
        store.setVersioning("b", VersioningState.SUSPENDED);
        assertThat(store.version("b", "k", NULL_VERSION)).get().extracting(ObjectVersion::dataId).isEqualTo("n2");
        WriteResult n3 = store.putObject("b", object("k", "n3"), v -> true);
        assertThat(n3.displaced()).extracting(ObjectVersion::dataId).containsExactly("n2");
        assertThat(versionsOf("k")).containsExactly("null/n3/latest", v3 + "/d3", v2 + "/d2", v1 + "/d1");
        assertThat(store.version("b", "k", v1)).isPresent();
    }

    @Test
    void suspendedDeleteReplacesTheNullVersionWithANullMarker() throws Exception {
        store.setVersioning("b", VersioningState.ENABLED);
        String v1 = store.putObject("b", object("k", "d1"), v -> true).written().versionId();
        store.setVersioning("b", VersioningState.SUSPENDED);

        // No null version yet: only a marker is added.
        WriteResult m1 = store.deleteObject("b", "k", NOW, "o");
        assertThat(m1.written().versionId()).isEqualTo(NULL_VERSION);
        assertThat(m1.written().deleteMarker()).isTrue();
        assertThat(m1.displaced()).isEmpty();
        assertThat(versionsOf("k")).containsExactly("null/marker/latest", v1 + "/d1");

        // A put replaces the null marker; a delete replaces the null object, whose data is now to free.
        WriteResult n = store.putObject("b", object("k", "n"), v -> true);
        assertThat(n.displaced()).singleElement().extracting(ObjectVersion::deleteMarker).isEqualTo(true);
        WriteResult m2 = store.deleteObject("b", "k", NOW, "o");
        assertThat(m2.displaced()).extracting(ObjectVersion::dataId).containsExactly("n");
        assertThat(versionsOf("k")).containsExactly("null/marker/latest", v1 + "/d1");

        // Deleting the null marker by id undeletes the versioned object underneath.
        assertThat(store.deleteVersion("b", "k", NULL_VERSION).displaced()).singleElement()
                .extracting(ObjectVersion::deleteMarker).isEqualTo(true);
        assertThat(store.latest("b", "k")).get().extracting(ObjectVersion::versionId).isEqualTo(v1);
    }

    @Test
    void nullVersionIsFoundUnderManyVersions() throws Exception {
        store.putObject("b", object("k", "base"), v -> true);
        store.setVersioning("b", VersioningState.ENABLED);
        for (int i = 0; i < 200; i++) {
            store.putObject("b", object("k", "d" + i), v -> true);
        }
        store.deleteObject("b", "k", NOW, "o");
        assertThat(store.version("b", "k", NULL_VERSION)).get().extracting(ObjectVersion::dataId)
                .isEqualTo("base");
        store.setVersioning("b", VersioningState.SUSPENDED);
        assertThat(store.putObject("b", object("k", "top"), v -> true).displaced())
                .extracting(ObjectVersion::dataId).containsExactly("base");
        assertThat(versionsOf("k")).hasSize(202).first().isEqualTo("null/top/latest");
    }

    // --- UNVERSIONED ---

    @Test
    void unversionedDeleteRemovesTheKeyAndDeleteVersionNullWorksToo() throws Exception {
        store.putObject("b", object("k", "d1"), v -> true);
        WriteResult w = store.putObject("b", object("k", "d2"), v -> true);
        assertThat(w.written().versionId()).isEqualTo(NULL_VERSION);
        assertThat(w.displaced()).extracting(ObjectVersion::dataId).containsExactly("d1");
        assertThat(store.deleteVersion("b", "k", NULL_VERSION).displaced()).extracting(ObjectVersion::dataId)
                .containsExactly("d2");
        assertThat(store.latest("b", "k")).isEmpty();
        store.putObject("b", object("k", "d3"), v -> true);
        WriteResult deleted = store.deleteObject("b", "k", NOW, "o");
        assertThat(deleted.written()).isNull();
        assertThat(deleted.displaced()).extracting(ObjectVersion::dataId).containsExactly("d3");
        assertThat(store.deleteObject("b", "k", NOW, "o")).isEqualTo(new WriteResult(null, List.of()));
        assertThat(versionsOf("k")).isEmpty();
    }

    // --- concurrency ---

    @Test
    void concurrentPutsOfOneKeyEachMakeAVersionInCommitOrder() throws Exception {
        store.setVersioning("b", VersioningState.ENABLED);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 20; round++) {
                String key = "hot-" + round;
                CyclicBarrier start = new CyclicBarrier(threads);
                // What each write saw as current while holding the key: its predecessor in commit order.
                Map<String, String> predecessor = new ConcurrentHashMap<>();
                List<Future<WriteResult>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String dataId = key + "/" + t;
                    futures.add(pool.submit(() -> {
                        start.await();
                        return store.putObject("b", object(key, dataId), current -> {
                            predecessor.put(dataId, current.map(ObjectVersion::dataId).orElse("none"));
                            return true;
                        });
                    }));
                }
                List<ObjectVersion> written = new ArrayList<>();
                for (Future<WriteResult> f : futures) {
                    WriteResult w = f.get();
                    assertThat(w.displaced()).isEmpty();
                    written.add(w.written());
                }
                written.sort(Comparator.comparing(ObjectVersion::versionId));
                assertThat(written).extracting(ObjectVersion::versionId).doesNotHaveDuplicates();
                for (int i = 0; i < threads; i++) {
                    String expected = i == 0 ? "none" : written.get(i - 1).dataId();
                    assertThat(predecessor.get(written.get(i).dataId())).as("round %d, write %d", round, i)
                            .isEqualTo(expected);
                    long stamp = VersionIds.stampOf(written.get(i).versionId());
                    if (i > 0) {
                        assertThat(stamp).isGreaterThan(VersionIds.stampOf(written.get(i - 1).versionId()));
                    }
                }
                assertThat(store.latest("b", key)).get().extracting(ObjectVersion::dataId)
                        .isEqualTo(written.getLast().dataId());
                VersionPage page = store.listVersions("b", new VersionQuery(key, null, null, null, 100));
                assertThat(page.versions()).extracting(e -> e.version().versionId())
                        .containsExactlyElementsOf(written.reversed().stream().map(ObjectVersion::versionId).toList());
                assertThat(page.versions()).filteredOn(VersionPage.Entry::latest).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // --- upgrade ---

    @Test
    void formatOneDataFromThePreviousReleaseKeepsWorking() throws Exception {
        store.close();
        long bucketId = 77;
        long stamp = 1_600_000_000_000_000L;
        try (RocksHandles rocks = RocksHandles.open(dir)) {
            rocks.db().put(rocks.buckets(), KeyCodec.utf8("legacy"),
                    LegacyFormat.bucket(bucketId, "legacy", "us-east-1", "o", NOW));
            rocks.db().put(rocks.objects(), KeyCodec.version(bucketId, KeyCodec.utf8("k"), stamp),
                    LegacyFormat.version(stamp, "k", NULL_VERSION, false, 5, "e", NOW, Map.of(), Map.of(),
                            "legacy-data", null, "o"));
            // That release kept no index of newest versions: the open builds it.
            rocks.db().delete(rocks.system(), CurrentIndex.BUILT);
        }
        store = RocksMetadataStore.open(dir);
        BucketRecord legacy = store.bucket("legacy").orElseThrow();
        assertThat(legacy.versioning()).isEqualTo(VersioningState.UNVERSIONED);
        assertThat(store.latest("legacy", "k")).get().satisfies(v -> {
            assertThat(v.dataId()).isEqualTo("legacy-data");
            assertThat(v.parts()).isEmpty();
        });
        List<String> ids = new ArrayList<>();
        store.forEachDataId(ids::add);
        assertThat(ids).contains("legacy-data");
        // A new bucket gets an id past the legacy one, and the legacy bucket can move on to versioning.
        assertThat(store.createBucket("fresh", "r", "o", NOW).id()).isGreaterThan(bucketId);
        store.setVersioning("legacy", VersioningState.ENABLED);
        WriteResult w = store.putObject("legacy", object("k", "new"), v -> true);
        assertThat(w.displaced()).isEmpty();
        assertThat(store.version("legacy", "k", NULL_VERSION)).get().extracting(ObjectVersion::dataId)
                .isEqualTo("legacy-data");
    }

    /** The key's versions, newest first, as "id/dataId" ("marker" for delete markers) plus "/latest". */
    private List<String> versionsOf(String key) throws Exception {
        List<String> out = new ArrayList<>();
        VersionPage page = store.listVersions("b", new VersionQuery(key, null, null, null, 10_000));
        for (VersionPage.Entry e : page.versions()) {
            if (e.version().key().equals(key)) {
                ObjectVersion v = e.version();
                out.add(v.versionId() + "/" + (v.deleteMarker() ? "marker" : v.dataId())
                        + (e.latest() ? "/latest" : ""));
            }
        }
        return out;
    }

    /** The same stamp with another random part. */
    private static String forged(String id) {
        char last = id.charAt(id.length() - 1);
        return id.substring(0, id.length() - 1) + (last == 'a' ? 'b' : 'a');
    }

    private static void assertReason(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MetadataException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
