package io.cairn.meta;

import static io.cairn.meta.MetadataException.Reason.PRECONDITION_FAILED;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The one path by which a key gets a new newest version (PutObject, a delete marker, CompleteMultipartUpload)
 * and by which versions are removed: it applies the bucket's versioning state, choosing the new version's id
 * and what it replaces, and commits everything in one synced batch. Callers hold the key's lock, which makes
 * the precondition check and the commit one step.
 */
final class VersionWriter {

    /** More mutations to commit atomically with the version, e.g. a completed upload's removal. */
    @FunctionalInterface
    interface BatchAddition {
        void addTo(WriteBatch batch) throws RocksDBException;
    }

    static final BatchAddition NOTHING_MORE = batch -> {
    };

    private final RocksHandles rocks;
    private final KeyVersions versions;
    private final VersionClock clock;
    private final VersionIds ids;
    private final TierBookkeeping tiering;
    private final UsageCounters usage;

    VersionWriter(RocksHandles rocks, KeyVersions versions, VersionClock clock, VersionIds ids,
                  TierBookkeeping tiering, UsageCounters usage) {
        this.usage = usage;
        this.rocks = rocks;
        this.versions = versions;
        this.clock = clock;
        this.ids = ids;
        this.tiering = tiering;
    }

    /**
     * ENABLED: a new id, nothing replaced. SUSPENDED: id "null", replacing the key's "null" version wherever it
     * sits. UNVERSIONED: id "null", replacing every version. Replaced versions with a remote copy are queued for
     * remote deletion in the same batch.
     */
    WriteResult commit(BucketRecord b, ObjectVersion version, Predicate<Optional<ObjectVersion>> precondition,
                       BatchAddition more) throws MetadataException, RocksDBException {
        byte[] k = KeyCodec.utf8(version.key());
        Optional<KeyVersions.Found> newest = versions.newest(b.id(), k);
        if (!precondition.test(newest.map(KeyVersions.Found::version))) {
            throw new MetadataException(PRECONDITION_FAILED, "precondition failed: " + version.key());
        }
        List<KeyVersions.Found> replaced = switch (b.versioning()) {
            case ENABLED -> List.of();
            case SUSPENDED -> nullVersion(b.id(), k, newest);
            // No newest version means no version at all: a new key's PUT costs one seek, not two.
            case UNVERSIONED -> newest.isEmpty() ? List.of() : versions.all(b.id(), k);
        };
        // Above the key's newest stamp, so its versions stay ordered even after a restart with the clock behind.
        long stamp = clock.next(newest.map(KeyVersions.Found::stamp).orElse(0L));
        // The caller read the clock before taking the key's lock: a writer that read it earlier but commits later
        // must not show a Last-Modified older than the version it now stands above.
        Instant floor = newest.map(f -> f.version().lastModified()).orElse(null);
        if (floor != null && version.lastModified().isBefore(floor)) {
            version = new ObjectVersion(version.key(), version.versionId(), version.deleteMarker(), version.size(),
                    version.etag(), floor, version.headers(), version.checksums(), version.dataId(), version.inline(),
                    version.owner(), version.parts(), version.encryption(), version.tags(), version.tier());
        }
        ObjectVersion written = version.withVersionId(b.versioning() == VersioningState.ENABLED
                ? ids.create(stamp) : ObjectVersion.NULL_VERSION);
        try (WriteBatch batch = new WriteBatch()) {
            for (KeyVersions.Found f : replaced) {
                batch.delete(rocks.objects(), f.rawKey());
            }
            tiering.queueRemoved(batch, b.name(), replaced);
            batch.put(rocks.objects(), KeyCodec.version(b.id(), k, stamp), RecordCodec.encodeVersion(stamp, written));
            batch.put(rocks.current(), KeyCodec.current(b.id(), k), KeyCodec.longBytes(stamp));
            more.addTo(batch);
            rocks.write(batch);
        }
        List<ObjectVersion> removed = versions(replaced);
        usage.committed(b.name(), written, removed);
        return new WriteResult(written, removed);
    }

    /**
     * Removes versions of one key for good (the caller holds its lock), queueing their remote copies for deletion
     * in the same batch; nothing to remove is no error. When the newest goes, the key's {@code current} entry moves
     * to the newest one left, or goes too.
     */
    WriteResult remove(BucketRecord b, List<KeyVersions.Found> found) throws RocksDBException {
        return remove(b, found, false);
    }

    /** {@link #remove} of every version the key has (read under its lock): nothing is left to point to. */
    WriteResult removeAll(BucketRecord b, List<KeyVersions.Found> all) throws RocksDBException {
        return remove(b, all, true);
    }

    private WriteResult remove(BucketRecord b, List<KeyVersions.Found> found, boolean everyVersion)
            throws RocksDBException {
        if (!found.isEmpty()) {
            try (WriteBatch batch = new WriteBatch()) {
                for (KeyVersions.Found f : found) {
                    batch.delete(rocks.objects(), f.rawKey());
                }
                byte[] key = KeyCodec.userKey(found.get(0).rawKey());
                byte[] pointer = KeyCodec.current(b.id(), key);
                if (everyVersion) {
                    batch.delete(rocks.current(), pointer);
                } else {
                    repoint(batch, b.id(), key, pointer, found);
                }
                tiering.queueRemoved(batch, b.name(), found);
                rocks.write(batch);
            }
        }
        List<ObjectVersion> removed = versions(found);
        usage.committed(b.name(), null, removed);
        return new WriteResult(null, removed);
    }

    /** Moves the key's {@code current} entry past the removed versions when its newest is among them. */
    private void repoint(WriteBatch batch, long bucketId, byte[] key, byte[] pointer, List<KeyVersions.Found> removed)
            throws RocksDBException {
        byte[] stamp = rocks.db().get(rocks.current(), pointer);
        if (stamp != null && removed.stream().noneMatch(f -> f.stamp() == KeyCodec.readLong(stamp, 0))) {
            return;
        }
        Optional<KeyVersions.Found> left = versions.all(bucketId, key).stream()
                .filter(v -> removed.stream().noneMatch(f -> Arrays.equals(f.rawKey(), v.rawKey())))
                .findFirst();
        if (left.isPresent()) {
            batch.put(rocks.current(), pointer, KeyCodec.longBytes(left.get().stamp()));
        } else {
            batch.delete(rocks.current(), pointer);
        }
    }

    /** The key's "null" version, to be replaced; it is often the newest, which spares the walk. */
    private List<KeyVersions.Found> nullVersion(long bucketId, byte[] key, Optional<KeyVersions.Found> newest)
            throws RocksDBException {
        if (newest.isEmpty()) {
            return List.of();
        }
        if (ObjectVersion.NULL_VERSION.equals(newest.get().version().versionId())) {
            return List.of(newest.get());
        }
        return versions.nullVersion(bucketId, key).stream().toList();
    }

    private static List<ObjectVersion> versions(List<KeyVersions.Found> found) {
        return found.stream().map(KeyVersions.Found::version).toList();
    }
}
