package io.cairn.meta;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * Reads the versions of one key from the {@code objects} column family.
 *
 * <p>A version with an id is found with one point lookup: the id carries the stamp that ends its RocksDB key
 * ({@link VersionIds}). The "null" version (at most one per key) has no such handle; it is found by walking the
 * key's versions, reading only each record's id. The walk is bounded by the key's version count and only
 * writes in SUSPENDED and UNVERSIONED buckets and explicit "null" lookups pay it; an index kept in step with
 * every write would cost every write instead.
 */
final class KeyVersions {

    /** A stored version with the RocksDB key to delete it by. */
    record Found(byte[] rawKey, StoredVersion stored) {
        ObjectVersion version() {
            return stored.version();
        }

        long stamp() {
            return stored.stamp();
        }
    }

    private final RocksHandles rocks;

    KeyVersions(RocksHandles rocks) {
        this.rocks = rocks;
    }

    /**
     * The newest version (or delete marker): two point lookups, the key's entry in the {@code current} family and
     * the version it names. Unlike a seek, a point lookup skips every table whose bloom filter rules the key out;
     * a seek consults each table overlapping the key's range, and after bulk writes and deletes that made small
     * GETs 40% slower than on a fresh store.
     */
    Optional<Found> newest(long bucketId, byte[] key) throws RocksDBException {
        return newest(bucketId, key, false);
    }

    /**
     * {@link #newest(long, byte[])}; with {@code memoryOnly}, from memtables and the block cache alone: a lookup that
     * would read a table from disk fails with status Incomplete instead.
     */
    Optional<Found> newest(long bucketId, byte[] key, boolean memoryOnly) throws RocksDBException {
        ReadOptions options = memoryOnly ? rocks.memoryOnly() : rocks.defaultRead();
        byte[] pointer = KeyCodec.current(bucketId, key);
        byte[] stamp = rocks.db().get(rocks.current(), options, pointer);
        while (stamp != null) {
            byte[] raw = KeyCodec.versionOf(pointer, stamp);
            byte[] value = rocks.db().get(rocks.objects(), options, raw);
            if (value != null) {
                return Optional.of(new Found(raw, RecordCodec.decodeVersion(value)));
            }
            // Readers take no lock: a commit that replaced or removed that version (and moved the entry in the
            // same batch) came between the two lookups. The entry names the newest again.
            byte[] again = rocks.db().get(rocks.current(), options, pointer);
            if (Arrays.equals(again, stamp)) {
                // Never left so by a commit; should the index be damaged, the key's versions still answer.
                if (memoryOnly) {
                    throw NotInMemoryException.INSTANCE;
                }
                return seekNewest(bucketId, key);
            }
            stamp = again;
        }
        return Optional.empty();
    }

    /** The newest version found by a seek, without the {@code current} family. */
    Optional<Found> seekNewest(long bucketId, byte[] key) throws RocksDBException {
        try (Slice end = new Slice(KeyCodec.afterVersions(bucketId, key));
             ReadOptions options = new ReadOptions().setIterateUpperBound(end);
             RocksIterator it = rocks.db().newIterator(rocks.objects(), options)) {
            it.seek(KeyCodec.firstVersion(bucketId, key));
            if (it.isValid()) {
                return Optional.of(new Found(it.key(), RecordCodec.decodeVersion(it.value())));
            }
            it.status();
            return Optional.empty();
        }
    }

    /** The version with this id ("null" included); empty for an id that is not one of ours. */
    Optional<Found> byId(long bucketId, byte[] key, String versionId) throws RocksDBException {
        if (ObjectVersion.NULL_VERSION.equals(versionId)) {
            return nullVersion(bucketId, key);
        }
        long stamp = VersionIds.stampOf(versionId);
        if (stamp < 0) {
            return Optional.empty();
        }
        byte[] raw = KeyCodec.version(bucketId, key, stamp);
        byte[] value = rocks.db().get(rocks.objects(), raw);
        // The stamp only locates; the random rest of the id must match too.
        if (value == null || !versionId.equals(RecordCodec.versionId(value))) {
            return Optional.empty();
        }
        return Optional.of(new Found(raw, RecordCodec.decodeVersion(value)));
    }

    Optional<Found> nullVersion(long bucketId, byte[] key) throws RocksDBException {
        try (Slice end = new Slice(KeyCodec.afterVersions(bucketId, key));
             ReadOptions options = new ReadOptions().setIterateUpperBound(end);
             RocksIterator it = rocks.db().newIterator(rocks.objects(), options)) {
            for (it.seek(KeyCodec.firstVersion(bucketId, key)); it.isValid(); it.next()) {
                byte[] value = it.value();
                if (ObjectVersion.NULL_VERSION.equals(RecordCodec.versionId(value))) {
                    return Optional.of(new Found(it.key(), RecordCodec.decodeVersion(value)));
                }
            }
            it.status();
            return Optional.empty();
        }
    }

    /** Every version, newest first. */
    List<Found> all(long bucketId, byte[] key) throws RocksDBException {
        List<Found> found = new ArrayList<>(1);
        try (Slice end = new Slice(KeyCodec.afterVersions(bucketId, key));
             ReadOptions options = new ReadOptions().setIterateUpperBound(end);
             RocksIterator it = rocks.db().newIterator(rocks.objects(), options)) {
            for (it.seek(KeyCodec.firstVersion(bucketId, key)); it.isValid(); it.next()) {
                found.add(new Found(it.key(), RecordCodec.decodeVersion(it.value())));
            }
            it.status();
        }
        return found;
    }
}
