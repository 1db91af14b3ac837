package io.cairn.meta;

import static io.cairn.meta.TestVersions.object;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Remote copies of removed versions are queued by the removing commit; restore expiries are kept per version. */
class TierBookkeepingTest {
    private static final Instant NOW = Instant.parse("2025-01-02T03:04:05Z");

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

    /** Stores {@code key} and moves it to a remote tier, as a transition would. */
    private String transitioned(String key, String remote) throws Exception {
        String id = store.putObject("b", object(key, "d-" + remote), v -> true).written().versionId();
        store.updateVersion("b", key, id, v -> v.withLocation(Map.of("tier", "COLD", "key", remote), null, null,
                List.of()));
        return id;
    }

    @Test
    void removalsOfTransitionedVersionsAreQueuedWithThem() throws Exception {
        transitioned("gone", "r1");
        store.putObject("b", object("local", "d9"), v -> true);
        assertThat(store.remoteDeletions(null, 10)).isEmpty();

        store.deleteObject("b", "gone", NOW, "o");
        store.deleteObject("b", "local", NOW, "o");
        List<RemoteDeletion> queued = store.remoteDeletions(null, 10);
        assertThat(queued).singleElement().satisfies(d -> {
            assertThat(d.bucket()).isEqualTo("b");
            assertThat(d.key()).isEqualTo("gone");
            assertThat(d.versionId()).isEqualTo("null");
            assertThat(d.tier()).containsEntry("key", "r1");
        });

        transitioned("over", "r2");
        store.putObject("b", object("over", "d3"), v -> true);   // an overwrite displaces the "null" version
        store.setVersioning("b", VersioningState.ENABLED);
        String v = transitioned("versioned", "r3");
        store.deleteObject("b", "versioned", NOW, "o");           // a marker: the version stays, nothing queued
        assertThat(store.remoteDeletions(null, 10)).hasSize(2);
        store.deleteVersion("b", "versioned", v);
        List<String> remotes = new ArrayList<>();
        store.remoteDeletions(null, 10).forEach(d -> remotes.add(d.tier().get("key")));
        assertThat(remotes).containsExactlyInAnyOrder("r1", "r2", "r3");
    }

    @Test
    void explicitEntriesPageAndAreDone() {
        RemoteDeletion a = store.queueRemoteDeletion("b", "k", "null", Map.of("key", "a"));
        RemoteDeletion c = store.queueRemoteDeletion("b", "k", "null", Map.of("key", "c"));
        assertThat(store.remoteDeletions(null, 1)).containsExactly(a);
        assertThat(store.remoteDeletions(a.id(), 10)).containsExactly(c);
        store.remoteDeletionDone(a.id());
        store.remoteDeletionDone("unknown");
        assertThat(store.remoteDeletions(null, 10)).containsExactly(c);
    }

    @Test
    void entriesSurviveARestart() throws Exception {
        transitioned("k", "r1");
        store.deleteObject("b", "k", NOW, "o");
        store.putRestoreExpiry(new RestoreExpiry("b", "k", "null", NOW));
        store.close();
        store = RocksMetadataStore.open(dir);
        assertThat(store.remoteDeletions(null, 10)).hasSize(1);
        assertThat(store.restoreExpiries()).containsExactly(new RestoreExpiry("b", "k", "null", NOW));
    }

    @Test
    void restoreExpiriesAreReplacedAndRemovedOnlyWhenUnchanged() {
        RestoreExpiry first = new RestoreExpiry("b", "k", "v1", NOW);
        RestoreExpiry extended = new RestoreExpiry("b", "k", "v1", NOW.plusSeconds(60));
        RestoreExpiry other = new RestoreExpiry("b", "k2", "null", NOW);
        store.putRestoreExpiry(first);
        store.putRestoreExpiry(other);
        store.putRestoreExpiry(extended);
        assertThat(store.restoreExpiries()).containsExactlyInAnyOrder(extended, other);
        assertThat(store.removeRestoreExpiry(first)).isFalse();
        assertThat(store.removeRestoreExpiry(extended)).isTrue();
        assertThat(store.restoreExpiries()).containsExactly(other);
    }

    @Test
    void remoteOnlyPartsOwnNoDataFiles() throws Exception {
        PartRef local = new PartRef(1, 5, "e1", "p1", Map.of());
        ObjectVersion v = new ObjectVersion("m", "null", false, 10, "e-2", NOW, Map.of(), Map.of(), null, null, "o",
                List.of(local, new PartRef(2, 5, "e2", "p2", Map.of())));
        assertThat(v.dataIds()).containsExactly("p1", "p2");
        ObjectVersion remote = v.withLocation(Map.of("tier", "COLD"), null, null,
                List.of(new PartRef(1, 5, "e1", null, Map.of()), new PartRef(2, 5, "e2", null, Map.of())));
        assertThat(remote.dataIds()).isEmpty();
        assertThat(remote.isMultipart()).isTrue();
    }
}
