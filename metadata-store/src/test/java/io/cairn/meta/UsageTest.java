package io.cairn.meta;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-bucket usage: moved by every commit (overwrites, delete markers, removals by id, completions), equal to a
 * fresh count after reopening, gone with the bucket.
 */
class UsageTest {
    @TempDir
    Path dir;
    private RocksMetadataStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void countsFollowEveryCommitAndSurviveReopening() throws Exception {
        store = RocksMetadataStore.open(dir);
        store.createBucket("plain", "r", "o", TestVersions.T0);
        store.createBucket("versioned", "r", "o", TestVersions.T0);
        store.setVersioning("versioned", VersioningState.ENABLED);
        assertThat(store.usage()).isEqualTo(Map.of("plain", new BucketUsage(0, 0),
                "versioned", new BucketUsage(0, 0)));

        store.putObject("plain", sized("a", 100), v -> true);
        store.putObject("plain", sized("b", 200), v -> true);
        store.putObject("plain", sized("a", 150), v -> true);
        assertThat(store.usage().get("plain")).isEqualTo(new BucketUsage(2, 350));
        store.deleteObject("plain", "b", TestVersions.T0, "o");
        assertThat(store.usage().get("plain")).isEqualTo(new BucketUsage(1, 150));

        String first = store.putObject("versioned", sized("k", 10), v -> true).written().versionId();
        store.putObject("versioned", sized("k", 20), v -> true);
        String marker = store.deleteObject("versioned", "k", TestVersions.T0, "o").written().versionId();
        assertThat(store.usage().get("versioned")).as("a delete marker holds nothing").isEqualTo(new BucketUsage(2, 30));
        store.deleteVersion("versioned", "k", first);
        store.deleteVersion("versioned", "k", marker);
        assertThat(store.usage().get("versioned")).isEqualTo(new BucketUsage(1, 20));

        store.createUpload("versioned", new UploadRecord("mp", "u1", TestVersions.T0, Map.of(), Map.of(), "o",
                Map.of()));
        store.putPart("versioned", "mp", "u1", new PartRecord(1, 5000, "e1", TestVersions.T0, "p1", Map.of()));
        store.putPart("versioned", "mp", "u1", new PartRecord(2, 7, "e2", TestVersions.T0, "p2", Map.of()));
        ObjectVersion completed = new ObjectVersion("mp", null, false, 5007, "x-2", TestVersions.T0, Map.of(),
                Map.of(), null, null, "o", List.of(new PartRef(1, 5000, "e1", "p1", Map.of()),
                new PartRef(2, 7, "e2", "p2", Map.of())));
        store.completeUpload("versioned", "u1", completed, v -> true);
        assertThat(store.usage().get("versioned")).isEqualTo(new BucketUsage(2, 5027));

        Map<String, BucketUsage> live = store.usage();
        store.close();
        store = RocksMetadataStore.open(dir);
        assertThat(store.usage()).as("counted again at open").isEqualTo(live);

        store.deleteObject("plain", "a", TestVersions.T0, "o");
        store.deleteBucket("plain");
        assertThat(store.usage()).containsOnlyKeys("versioned");
    }

    @Test
    void engineStatisticsAreReadable() throws Exception {
        store = RocksMetadataStore.open(dir);
        store.createBucket("b", "r", "o", TestVersions.T0);
        assertThat(store.engineProperty("rocksdb.estimate-num-keys").orElseThrow()).isPositive();
        assertThat(store.engineProperty("rocksdb.block-cache-usage")).isPresent();
        assertThat(store.engineProperty("rocksdb.no-such-property")).isEmpty();
    }

    private static ObjectVersion sized(String key, long size) {
        return new ObjectVersion(key, null, false, size, "etag", TestVersions.T0, Map.of(), Map.of(),
                "data-" + key + size, null, "o", List.of());
    }
}
