package io.cairn.meta;

import static io.cairn.meta.ObjectVersion.NULL_VERSION;
import static io.cairn.meta.TestVersions.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.meta.MetadataException.Reason;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conditional deletes lifecycle expiration uses: the check of what the caller evaluated and the removal are
 * one step, so a write that lands between them wins, in every versioning state.
 */
class ConditionalDeleteTest {

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

    @Test
    void unversionedDeleteRemovesOnlyTheVersionItWasMeantFor() throws Exception {
        ObjectVersion seen = store.putObject("b", object("k", "d1"), v -> true).written();
        ObjectVersion overwrite = store.putObject("b", object("k", "d2"), v -> true).written();

        assertReason(() -> store.deleteObject("b", "k", NOW, "o", newest -> isData(newest, "d1")),
                Reason.PRECONDITION_FAILED);
        assertThat(store.latest("b", "k")).contains(overwrite);

        WriteResult r = store.deleteObject("b", "k", NOW, "o", newest -> isData(newest, "d2"));
        assertThat(r.written()).isNull();
        assertThat(r.displaced()).extracting(ObjectVersion::dataId).containsExactly("d2");
        assertThat(store.latest("b", "k")).isEmpty();
        assertThat(seen.dataId()).isEqualTo("d1");
    }

    @Test
    void preconditionSeesEmptyForAMissingKey() throws Exception {
        List<Optional<ObjectVersion>> seen = new ArrayList<>();
        WriteResult r = store.deleteObject("b", "none", NOW, "o", newest -> seen.add(newest));
        assertThat(seen).containsExactly(Optional.empty());
        assertThat(r.displaced()).isEmpty();
        assertReason(() -> store.deleteObject("missing", "k", NOW, "o", v -> true), Reason.NO_SUCH_BUCKET);
    }

    @Test
    void enabledDeleteAddsAMarkerOnlyWhileTheNewestIsTheOneSeen() throws Exception {
        store.setVersioning("b", VersioningState.ENABLED);
        store.putObject("b", object("k", "d1"), v -> true);
        ObjectVersion v2 = store.putObject("b", object("k", "d2"), v -> true).written();

        assertReason(() -> store.deleteObject("b", "k", NOW, "o", newest -> isData(newest, "d1")),
                Reason.PRECONDITION_FAILED);
        assertThat(store.latest("b", "k")).contains(v2);

        WriteResult r = store.deleteObject("b", "k", NOW, "o", newest -> isData(newest, "d2"));
        assertThat(r.written().deleteMarker()).isTrue();
        assertThat(r.written().versionId()).isNotEqualTo(NULL_VERSION);
        assertThat(r.displaced()).isEmpty();
        assertThat(store.latest("b", "k").orElseThrow().deleteMarker()).isTrue();
    }

    @Test
    void suspendedDeleteReplacesTheNullVersionOnlyWhileItIsTheOneSeen() throws Exception {
        store.setVersioning("b", VersioningState.SUSPENDED);
        store.putObject("b", object("k", "d1"), v -> true);
        store.putObject("b", object("k", "d2"), v -> true);

        assertReason(() -> store.deleteObject("b", "k", NOW, "o", newest -> isData(newest, "d1")),
                Reason.PRECONDITION_FAILED);
        assertThat(store.latest("b", "k").orElseThrow().dataId()).isEqualTo("d2");

        WriteResult r = store.deleteObject("b", "k", NOW, "o", newest -> isData(newest, "d2"));
        assertThat(r.written().deleteMarker()).isTrue();
        assertThat(r.written().versionId()).isEqualTo(NULL_VERSION);
        assertThat(r.displaced()).extracting(ObjectVersion::dataId).containsExactly("d2");
    }

    @Test
    void deleteVersionSeesTheVersionAsStoredAndWhetherItIsTheNewest() throws Exception {
        store.setVersioning("b", VersioningState.ENABLED);
        String v1 = store.putObject("b", object("k", "d1"), v -> true).written().versionId();
        String v2 = store.putObject("b", object("k", "d2"), v -> true).written().versionId();

        List<VersionPage.Entry> seen = new ArrayList<>();
        assertReason(() -> store.deleteVersion("b", "k", v2, e -> seen.add(e) && !e.latest()),
                Reason.PRECONDITION_FAILED);
        assertThat(seen).singleElement().satisfies(e -> {
            assertThat(e.latest()).isTrue();
            assertThat(e.version().dataId()).isEqualTo("d2");
        });
        assertThat(store.version("b", "k", v2)).isPresent();

        WriteResult r = store.deleteVersion("b", "k", v1, e -> !e.latest());
        assertThat(r.displaced()).extracting(ObjectVersion::dataId).containsExactly("d1");
        assertThat(store.version("b", "k", v1)).isEmpty();
    }

    @Test
    void aNoncurrentVersionMadeCurrentAgainIsNotRemoved() throws Exception {
        store.setVersioning("b", VersioningState.ENABLED);
        String v1 = store.putObject("b", object("k", "d1"), v -> true).written().versionId();
        String v2 = store.putObject("b", object("k", "d2"), v -> true).written().versionId();
        // v1 was noncurrent when evaluated; the newer version is removed before the action runs.
        store.deleteVersion("b", "k", v2);

        assertReason(() -> store.deleteVersion("b", "k", v1, e -> !e.latest()), Reason.PRECONDITION_FAILED);
        assertThat(store.latest("b", "k").orElseThrow().versionId()).isEqualTo(v1);
    }

    @Test
    void aNullVersionReplacedMeanwhileIsNotRemoved() throws Exception {
        store.putObject("b", object("k", "d1"), v -> true);
        store.setVersioning("b", VersioningState.SUSPENDED);
        store.deleteObject("b", "k", NOW, "o");
        store.setVersioning("b", VersioningState.ENABLED);
        store.putObject("b", object("k", "d3"), v -> true);
        // The noncurrent "null" marker was evaluated; a suspended write then replaces the "null" version.
        store.setVersioning("b", VersioningState.SUSPENDED);
        store.putObject("b", object("k", "d4"), v -> true);

        assertReason(() -> store.deleteVersion("b", "k", NULL_VERSION, e -> e.version().deleteMarker()),
                Reason.PRECONDITION_FAILED);
        assertThat(store.latest("b", "k").orElseThrow().dataId()).isEqualTo("d4");
    }

    @Test
    void deleteVersionOfAMissingVersionIsNoErrorAndChecksNothing() throws Exception {
        WriteResult r = store.deleteVersion("b", "k", NULL_VERSION, e -> {
            throw new AssertionError("no version to check");
        });
        assertThat(r.displaced()).isEmpty();
        assertReason(() -> store.deleteVersion("missing", "k", NULL_VERSION, e -> true), Reason.NO_SUCH_BUCKET);
    }

    private static boolean isData(Optional<ObjectVersion> v, String dataId) {
        return v.isPresent() && dataId.equals(v.get().dataId());
    }

    private static void assertReason(ThrowingCallable call, Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(MetadataException.class,
                e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
