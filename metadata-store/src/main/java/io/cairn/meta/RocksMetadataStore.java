package io.cairn.meta;

import static io.cairn.meta.MetadataException.Reason.BUCKET_EXISTS;
import static io.cairn.meta.MetadataException.Reason.BUCKET_NOT_EMPTY;
import static io.cairn.meta.MetadataException.Reason.NO_SUCH_BUCKET;
import static io.cairn.meta.MetadataException.Reason.PRECONDITION_FAILED;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * {@link MetadataStore} on a local RocksDB. See {@link KeyCodec} for the key layout that makes listing cheap.
 *
 * <p>Lock order, always acquired in this order and never the reverse: lifecycle (read) → catalog → bucket
 * stripe → key stripe. Object writes hold their bucket's stripe for reading, so {@link #deleteBucket} (which
 * holds it for writing) can never interleave between a put's "bucket exists" check and its commit.
 *
 * <p>RocksDB failures surface as {@link UncheckedIOException}; using the store after {@link #close()} throws
 * {@link IllegalStateException} instead of touching freed native memory.
 */
public final class RocksMetadataStore implements MetadataStore {

    private static final byte[] NEXT_BUCKET_ID = KeyCodec.utf8("next-bucket-id");
    private static final int KEY_STRIPES = 1024;
    private static final int BUCKET_STRIPES = 64;

    private final RocksHandles rocks;
    private final StripedLocks locks = new StripedLocks(KEY_STRIPES, BUCKET_STRIPES);
    /** Serialises bucket creation and deletion, which are rare, and guards {@link #nextBucketId}. */
    private final ReentrantLock catalog = new ReentrantLock();
    /** Held for reading by every operation so close() waits for them before freeing native objects. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final VersionClock clock = new VersionClock();
    private final LongAdder cursorMoves = new LongAdder();
    private long nextBucketId;
    private boolean closed;

    private RocksMetadataStore(RocksHandles rocks) throws RocksDBException {
        this.rocks = rocks;
        this.nextBucketId = loadNextBucketId();
    }

    /**
     * Opens (creating if needed) the store in {@code dir}.
     *
     * @throws UncheckedIOException when the directory or the database cannot be opened
     */
    public static RocksMetadataStore open(Path dir) {
        RocksHandles rocks;
        try {
            rocks = RocksHandles.open(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metadata store in " + dir, e);
        } catch (RocksDBException e) {
            throw failure(e);
        }
        try {
            return new RocksMetadataStore(rocks);
        } catch (RocksDBException | RuntimeException e) {
            rocks.close();
            throw e instanceof RocksDBException r ? failure(r) : (RuntimeException) e;
        }
    }

    @Override
    public BucketRecord createBucket(String name, String region, String owner, Instant created)
            throws MetadataException {
        Objects.requireNonNull(name, "name");
        return call(() -> {
            catalog.lock();
            try {
                byte[] nameKey = KeyCodec.utf8(name);
                if (rocks.db.get(rocks.buckets, nameKey) != null) {
                    throw new MetadataException(BUCKET_EXISTS, "bucket exists: " + name);
                }
                // Consumed before the write: a write that fails after reaching the log may still resurface on
                // restart, and its id must not be handed out twice.
                long id = nextBucketId++;
                BucketRecord bucket = new BucketRecord(id, name, region, owner, created);
                try (WriteBatch batch = new WriteBatch()) {
                    batch.put(rocks.system, NEXT_BUCKET_ID, KeyCodec.longBytes(id + 1));
                    batch.put(rocks.buckets, nameKey, RecordCodec.encodeBucket(bucket));
                    rocks.db.write(rocks.syncWrite, batch);
                }
                return bucket;
            } finally {
                catalog.unlock();
            }
        });
    }

    @Override
    public Optional<BucketRecord> bucket(String name) {
        return callUnchecked(() -> findBucket(name));
    }

    @Override
    public List<BucketRecord> listBuckets() {
        return callUnchecked(() -> {
            List<BucketRecord> all = new ArrayList<>();
            try (RocksIterator it = rocks.db.newIterator(rocks.buckets)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    all.add(RecordCodec.decodeBucket(it.value()));
                }
                it.status();
            }
            return List.copyOf(all);
        });
    }

    @Override
    public void deleteBucket(String name) throws MetadataException {
        call(() -> {
            catalog.lock();
            Lock bucketLock = locks.bucket(name).writeLock();
            bucketLock.lock();
            try {
                BucketRecord bucket = requireBucket(name);
                if (hasObjects(bucket.id())) {
                    throw new MetadataException(BUCKET_NOT_EMPTY, "bucket not empty: " + name);
                }
                try (WriteBatch batch = new WriteBatch()) {
                    batch.delete(rocks.buckets, KeyCodec.utf8(name));
                    rocks.db.write(rocks.syncWrite, batch);
                }
                return null;
            } finally {
                bucketLock.unlock();
                catalog.unlock();
            }
        });
    }

    @Override
    public Optional<ObjectVersion> latest(String bucket, String key) throws MetadataException {
        requireValidKey(key);
        return call(() -> {
            BucketRecord b = requireBucket(bucket);
            byte[] k = KeyCodec.utf8(key);
            try (Slice end = new Slice(KeyCodec.afterVersions(b.id(), k));
                 ReadOptions options = new ReadOptions().setIterateUpperBound(end);
                 RocksIterator it = rocks.db.newIterator(rocks.objects, options)) {
                it.seek(KeyCodec.firstVersion(b.id(), k));
                if (it.isValid()) {
                    return Optional.of(RecordCodec.decodeVersion(it.value()).version());
                }
                it.status();
                return Optional.empty();
            }
        });
    }

    @Override
    public List<ObjectVersion> putObject(String bucket, ObjectVersion version,
                                         Predicate<Optional<ObjectVersion>> precondition) throws MetadataException {
        requireValidKey(version.key());
        Objects.requireNonNull(precondition, "precondition");
        return call(() -> {
            Lock bucketLock = locks.bucket(bucket).readLock();
            bucketLock.lock();
            try {
                BucketRecord b = requireBucket(bucket);
                ReentrantLock keyLock = locks.key(b.id(), version.key());
                keyLock.lock();
                try {
                    byte[] k = KeyCodec.utf8(version.key());
                    List<Existing> existing = versions(b.id(), k);
                    Optional<ObjectVersion> current = existing.isEmpty()
                            ? Optional.empty() : Optional.of(existing.getFirst().stored().version());
                    if (!precondition.test(current)) {
                        throw new MetadataException(PRECONDITION_FAILED, "precondition failed: " + version.key());
                    }
                    long stamp = clock.next(existing.isEmpty() ? 0 : existing.getFirst().stored().stamp());
                    try (WriteBatch batch = new WriteBatch()) {
                        // Unversioned: the new version replaces every older one in the same commit.
                        for (Existing e : existing) {
                            batch.delete(rocks.objects, e.rawKey());
                        }
                        batch.put(rocks.objects, KeyCodec.version(b.id(), k, stamp),
                                RecordCodec.encodeVersion(stamp, version));
                        rocks.db.write(rocks.syncWrite, batch);
                    }
                    return removed(existing);
                } finally {
                    keyLock.unlock();
                }
            } finally {
                bucketLock.unlock();
            }
        });
    }

    @Override
    public List<ObjectVersion> deleteObject(String bucket, String key) throws MetadataException {
        requireValidKey(key);
        return call(() -> {
            Lock bucketLock = locks.bucket(bucket).readLock();
            bucketLock.lock();
            try {
                BucketRecord b = requireBucket(bucket);
                ReentrantLock keyLock = locks.key(b.id(), key);
                keyLock.lock();
                try {
                    List<Existing> existing = versions(b.id(), KeyCodec.utf8(key));
                    if (existing.isEmpty()) {
                        return List.of();
                    }
                    try (WriteBatch batch = new WriteBatch()) {
                        for (Existing e : existing) {
                            batch.delete(rocks.objects, e.rawKey());
                        }
                        rocks.db.write(rocks.syncWrite, batch);
                    }
                    return removed(existing);
                } finally {
                    keyLock.unlock();
                }
            } finally {
                bucketLock.unlock();
            }
        });
    }

    @Override
    public ListPage listObjects(String bucket, ListQuery query) throws MetadataException {
        Objects.requireNonNull(query, "query");
        return call(() -> {
            BucketRecord b = requireBucket(bucket);
            Lister lister = new Lister(b.id(), query);
            // The iterator reads a consistent snapshot, so no lock is needed against concurrent writers.
            try (Slice end = new Slice(lister.upperBound());
                 ReadOptions options = new ReadOptions().setIterateUpperBound(end);
                 RocksIterator it = rocks.db.newIterator(rocks.objects, options)) {
                return lister.list(new Cursor(it, cursorMoves));
            }
        });
    }

    @Override
    public void forEachDataId(Consumer<String> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        callUnchecked(() -> {
            // A full scan would otherwise evict the working set from the block cache.
            try (ReadOptions options = new ReadOptions().setFillCache(false);
                 RocksIterator it = rocks.db.newIterator(rocks.objects, options)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    String dataId = RecordCodec.decodeVersion(it.value()).version().dataId();
                    if (dataId != null) {
                        consumer.accept(dataId);
                    }
                }
                it.status();
            }
            return null;
        });
    }

    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                rocks.close();
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    /**
     * Adds a version of a key without removing the older ones, bypassing locks and preconditions. Listing and
     * {@link #latest} must already cope with several versions and delete markers; tests use this to create
     * them (and objects under ids of deleted buckets) until versioned writes exist.
     */
    void appendVersion(long bucketId, ObjectVersion version) {
        appendVersions(bucketId, List.of(version));
    }

    /** {@link #appendVersion} for many, in one commit, each newer than the one before. */
    void appendVersions(long bucketId, List<ObjectVersion> versions) {
        versions.forEach(v -> requireValidKey(v.key()));
        callUnchecked(() -> {
            try (WriteBatch batch = new WriteBatch()) {
                for (ObjectVersion v : versions) {
                    long stamp = clock.next(0);
                    batch.put(rocks.objects, KeyCodec.version(bucketId, KeyCodec.utf8(v.key()), stamp),
                            RecordCodec.encodeVersion(stamp, v));
                }
                rocks.db.write(rocks.syncWrite, batch);
            }
            return null;
        });
    }

    /** Iterator seeks plus steps taken by listings so far; lets tests prove what listing does not walk. */
    long cursorMoves() {
        return cursorMoves.sum();
    }

    private long loadNextBucketId() throws RocksDBException {
        byte[] stored = rocks.db.get(rocks.system, NEXT_BUCKET_ID);
        long next = stored == null ? 1 : KeyCodec.readLong(stored, 0);
        // Belt and braces: never below an id that is in use, even if the counter were lost.
        try (RocksIterator it = rocks.db.newIterator(rocks.buckets)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                next = Math.max(next, RecordCodec.decodeBucket(it.value()).id() + 1);
            }
            it.status();
        }
        return next;
    }

    private Optional<BucketRecord> findBucket(String name) throws RocksDBException {
        byte[] value = rocks.db.get(rocks.buckets, KeyCodec.utf8(name));
        return value == null ? Optional.empty() : Optional.of(RecordCodec.decodeBucket(value));
    }

    private BucketRecord requireBucket(String name) throws RocksDBException, MetadataException {
        Objects.requireNonNull(name, "bucket");
        Optional<BucketRecord> bucket = findBucket(name);
        if (bucket.isEmpty()) {
            throw new MetadataException(NO_SUCH_BUCKET, "no such bucket: " + name);
        }
        return bucket.get();
    }

    /** One seek: any version, live or delete marker, keeps the bucket from being deleted. */
    private boolean hasObjects(long bucketId) throws RocksDBException {
        try (Slice end = new Slice(KeyCodec.bucketEnd(bucketId));
             ReadOptions options = new ReadOptions().setIterateUpperBound(end);
             RocksIterator it = rocks.db.newIterator(rocks.objects, options)) {
            it.seek(KeyCodec.bucketStart(bucketId));
            if (it.isValid()) {
                return true;
            }
            it.status();
            return false;
        }
    }

    /** All versions of a key, newest first. */
    private List<Existing> versions(long bucketId, byte[] key) throws RocksDBException {
        List<Existing> found = new ArrayList<>(1);
        try (Slice end = new Slice(KeyCodec.afterVersions(bucketId, key));
             ReadOptions options = new ReadOptions().setIterateUpperBound(end);
             RocksIterator it = rocks.db.newIterator(rocks.objects, options)) {
            for (it.seek(KeyCodec.firstVersion(bucketId, key)); it.isValid(); it.next()) {
                found.add(new Existing(it.key(), RecordCodec.decodeVersion(it.value())));
            }
            it.status();
        }
        return found;
    }

    private static List<ObjectVersion> removed(List<Existing> existing) {
        return existing.stream().map(e -> e.stored().version()).toList();
    }

    /** The 0x00 version separator relies on it; the server rejects such keys before they get here. */
    private static void requireValidKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("object keys must not contain U+0000");
        }
    }

    private static UncheckedIOException failure(RocksDBException e) {
        return new UncheckedIOException(new IOException("RocksDB: " + e.getMessage(), e));
    }

    private record Existing(byte[] rawKey, StoredVersion stored) {
    }

    @FunctionalInterface
    private interface Operation<T> {
        T run() throws MetadataException, RocksDBException;
    }

    @FunctionalInterface
    private interface UncheckedOperation<T> {
        T run() throws RocksDBException;
    }

    private <T> T call(Operation<T> op) throws MetadataException {
        Lock open = lifecycle.readLock();
        open.lock();
        try {
            if (closed) {
                throw new IllegalStateException("metadata store is closed");
            }
            return op.run();
        } catch (RocksDBException e) {
            throw failure(e);
        } finally {
            open.unlock();
        }
    }

    private <T> T callUnchecked(UncheckedOperation<T> op) {
        try {
            return call(op::run);
        } catch (MetadataException e) {
            throw new AssertionError("unexpected", e);
        }
    }
}
