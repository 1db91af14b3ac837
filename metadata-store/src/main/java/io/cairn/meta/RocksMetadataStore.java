package io.cairn.meta;

import static io.cairn.meta.MetadataException.Reason.BUCKET_EXISTS;
import static io.cairn.meta.MetadataException.Reason.BUCKET_NOT_EMPTY;
import static io.cairn.meta.MetadataException.Reason.INVALID_PART;
import static io.cairn.meta.MetadataException.Reason.NO_SUCH_BUCKET;
import static io.cairn.meta.MetadataException.Reason.NO_SUCH_UPLOAD;
import static io.cairn.meta.MetadataException.Reason.PRECONDITION_FAILED;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;

/**
 * {@link MetadataStore} on a local RocksDB. See {@link KeyCodec} and {@link UploadKeys} for the key layouts that
 * make listing cheap, {@link VersionIds} for how a version id leads straight to its record.
 *
 * <p>Lock order, always acquired in this order and never the reverse: lifecycle (read) → catalog → bucket
 * stripe → upload stripe → key stripe or part stripe. Object and upload writes hold their bucket's stripe for
 * reading, so {@link #deleteBucket} and {@link #setVersioning} (which hold it for writing) never interleave
 * between a write's reading of the bucket and its commit. Part uploads hold their upload's stripe for reading
 * and completion and abort hold it for writing, so a part commits either before them (and they see it) or
 * after (and finds the upload gone).
 *
 * <p>RocksDB failures surface as {@link UncheckedIOException}; using the store after {@link #close()} throws
 * {@link IllegalStateException} instead of touching freed native memory.
 */
public final class RocksMetadataStore implements MetadataStore {

    private static final byte[] NEXT_BUCKET_ID = KeyCodec.utf8("next-bucket-id");
    /** Tier definitions live in the system column family under "tier/" + name. */
    private static final byte[] TIER_PREFIX = KeyCodec.utf8("tier/");
    private static final byte[] TIER_END = KeyCodec.utf8("tier0");
    private static final int KEY_STRIPES = 1024;
    private static final int BUCKET_STRIPES = 64;
    private static final int UPLOAD_STRIPES = 256;
    private static final int MAX_PART_NUMBER = 10_000;

    private final RocksHandles rocks;
    private final KeyVersions versions;
    private final Uploads uploads;
    private final VersionWriter writer;
    private final TierBookkeeping tiering;
    private final UsageCounters usage;
    private final StripedLocks locks = new StripedLocks(KEY_STRIPES, BUCKET_STRIPES, UPLOAD_STRIPES);
    /** Serialises bucket creation, deletion and reconfiguration, which are rare, and guards {@link #nextBucketId}. */
    private final ReentrantLock catalog = new ReentrantLock();
    private final ConcurrentHashMap<String, BucketRecord> bucketCache = new ConcurrentHashMap<>();
    private final AtomicLong bucketGeneration = new AtomicLong();
    /** Held for reading by every operation so close() waits for them before freeing native objects. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private final VersionClock clock = new VersionClock();
    private final LongAdder cursorMoves = new LongAdder();
    private long nextBucketId;
    private boolean closed;

    private RocksMetadataStore(RocksHandles rocks) throws RocksDBException {
        this.rocks = rocks;
        CurrentIndex.ensureBuilt(rocks);
        this.versions = new KeyVersions(rocks);
        this.uploads = new Uploads(rocks);
        this.tiering = new TierBookkeeping(rocks, clock);
        this.usage = UsageCounters.count(rocks);
        this.writer = new VersionWriter(rocks, versions, clock, new VersionIds(), tiering, usage);
        this.nextBucketId = loadNextBucketId();
    }

    /**
     * Opens (creating if needed) the store in {@code dir}.
     *
     * @throws UncheckedIOException when the directory or the database cannot be opened
     */
    public static RocksMetadataStore open(Path dir) {
        return open(List.of(dir));
    }

    /**
     * Opens a store kept in several copies, one per directory (on different drives), every commit written to
     * all of them: it survives the loss of all copies but one. Copies that are behind, missing or unreadable are
     * rebuilt from the newest at open ({@link MetadataReplicas}). While running, a copy that fails is dropped (and
     * made again by {@link #keepCopies} once its drive is back); when the one every commit goes to first fails, the
     * store continues on another (the commit it refused runs again there). One directory is a plain store.
     *
     * @throws UncheckedIOException when no copy can be opened
     */
    public static RocksMetadataStore open(List<Path> dirs) {
        return open(dirs, dirs.size() > 1);
    }

    /**
     * As {@link #open(List)}; {@code replicated} also for one directory, so that copies can be added while running
     * ({@link #keepCopies}) when the drives meant for them come back.
     */
    public static RocksMetadataStore open(List<Path> dirs, boolean replicated) {
        RocksHandles rocks;
        try {
            rocks = replicated ? MetadataReplicas.open(dirs) : RocksHandles.open(dirs.get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metadata store in " + dirs, e);
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

    // ---- buckets ----

    @Override
    public BucketRecord createBucket(String name, String region, String owner, Instant created)
            throws MetadataException {
        Objects.requireNonNull(name, "name");
        return call(() -> {
            catalog.lock();
            try {
                byte[] nameKey = KeyCodec.utf8(name);
                if (rocks.db().get(rocks.buckets(), nameKey) != null) {
                    throw new MetadataException(BUCKET_EXISTS, "bucket exists: " + name);
                }
                // Consumed before the write: a write that fails after reaching the log may still resurface on
                // restart, and its id must not be handed out twice.
                long id = nextBucketId++;
                BucketRecord bucket = new BucketRecord(id, name, region, owner, created,
                        VersioningState.UNVERSIONED);
                try (WriteBatch batch = new WriteBatch()) {
                    batch.put(rocks.system(), NEXT_BUCKET_ID, KeyCodec.longBytes(id + 1));
                    batch.put(rocks.buckets(), nameKey, RecordCodec.encodeBucket(bucket));
                    rocks.write(batch);
                }
                usage.created(name);
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
            try (RocksIterator it = rocks.db().newIterator(rocks.buckets())) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    all.add(RecordCodec.decodeBucket(it.value()));
                }
                it.status();
            }
            return List.copyOf(all);
        });
    }

    @Override
    public List<String> deleteBucket(String name) throws MetadataException {
        return underCatalog(name, bucket -> {
            if (hasObjects(bucket.id())) {
                throw new MetadataException(BUCKET_NOT_EMPTY, "bucket not empty: " + name);
            }
            // Uploads in progress do not keep a bucket alive (as in S3): they go in the same commit.
            List<String> freed = new ArrayList<>();
            try (WriteBatch batch = new WriteBatch()) {
                for (byte[] upload : uploads.bucketUploads(bucket.id())) {
                    batch.delete(rocks.uploads(), upload);
                }
                for (Uploads.StoredPart part : uploads.bucketParts(bucket.id())) {
                    batch.delete(rocks.parts(), part.rawKey());
                    freed.add(part.part().dataId());
                }
                batch.delete(rocks.buckets(), KeyCodec.utf8(name));
                rocks.write(batch);
            }
            usage.deleted(name);
            return List.copyOf(freed);
        });
    }

    @Override
    public void setVersioning(String bucket, VersioningState state) throws MetadataException {
        Objects.requireNonNull(state, "state");
        if (state == VersioningState.UNVERSIONED) {
            throw new IllegalArgumentException("versioning can be enabled or suspended, never unset");
        }
        underCatalog(bucket, b -> {
            if (b.versioning() != state) {
                BucketRecord changed = b.withVersioning(state);
                rocks.put(rocks.buckets(), KeyCodec.utf8(bucket),
                        RecordCodec.encodeBucket(changed));
            }
            return null;
        });
    }

    @Override
    public void setBucketEncryption(String bucket, Map<String, String> encryption) throws MetadataException {
        Objects.requireNonNull(encryption, "encryption");
        underCatalog(bucket, b -> {
            rocks.put(rocks.buckets(), KeyCodec.utf8(bucket),
                    RecordCodec.encodeBucket(b.withEncryption(encryption)));
            return null;
        });
    }

    @Override
    public BucketRecord updateBucket(String bucket, UnaryOperator<BucketRecord> change) throws MetadataException {
        Objects.requireNonNull(change, "change");
        return underCatalog(bucket, b -> {
            BucketRecord wanted = change.apply(b);
            BucketRecord changed = new BucketRecord(b.id(), b.name(), wanted.region(), wanted.owner(), b.created(),
                    wanted.versioning(), wanted.encryption(), wanted.tags(), wanted.lifecycle());
            rocks.put(rocks.buckets(), KeyCodec.utf8(bucket), RecordCodec.encodeBucket(changed));
            return changed;
        });
    }

    // ---- object versions ----

    @Override
    public Optional<ObjectVersion> latest(String bucket, String key) throws MetadataException {
        requireValidKey(key);
        return call(() -> versions.newest(requireBucket(bucket).id(), KeyCodec.utf8(key))
                .map(KeyVersions.Found::version));
    }

    @Override
    public BucketRecord bucketInMemory(String name) {
        BucketRecord b = bucketCache.get(Objects.requireNonNull(name, "name"));
        if (b == null) {
            throw NotInMemoryException.INSTANCE;
        }
        return b;
    }

    @Override
    public Optional<ObjectVersion> latestInMemory(String bucket, String key) throws MetadataException {
        requireValidKey(key);
        // Not even the lock may be waited for: it is held for writing only while the store closes.
        Lock open = lifecycle.readLock();
        if (!open.tryLock()) {
            throw NotInMemoryException.INSTANCE;
        }
        try {
            if (closed) {
                throw new IllegalStateException("metadata store is closed");
            }
            long bucketId = bucketInMemory(bucket).id();
            return versions.newest(bucketId, KeyCodec.utf8(key), true).map(KeyVersions.Found::version);
        } catch (RocksDBException e) {
            if (e.getStatus() != null && e.getStatus().getCode() == Status.Code.Incomplete) {
                throw NotInMemoryException.INSTANCE;
            }
            throw failure(e);
        } finally {
            open.unlock();
        }
    }

    @Override
    public Optional<ObjectVersion> version(String bucket, String key, String versionId) throws MetadataException {
        requireValidKey(key);
        Objects.requireNonNull(versionId, "versionId");
        return call(() -> versions.byId(requireBucket(bucket).id(), KeyCodec.utf8(key), versionId)
                .map(KeyVersions.Found::version));
    }

    @Override
    public WriteResult putObject(String bucket, ObjectVersion version,
                                 Predicate<Optional<ObjectVersion>> precondition) throws MetadataException {
        requireValidKey(version.key());
        Objects.requireNonNull(precondition, "precondition");
        return underKey(bucket, version.key(),
                b -> writer.commit(b, version, precondition, VersionWriter.NOTHING_MORE));
    }

    @Override
    public WriteResult deleteObject(String bucket, String key, Instant at, String owner) throws MetadataException {
        return deleteObject(bucket, key, at, owner, current -> true);
    }

    @Override
    public WriteResult deleteObject(String bucket, String key, Instant at, String owner,
                                   Predicate<Optional<ObjectVersion>> precondition) throws MetadataException {
        requireValidKey(key);
        Objects.requireNonNull(precondition, "precondition");
        return underKey(bucket, key, b -> {
            if (b.versioning() != VersioningState.UNVERSIONED) {
                return writer.commit(b, ObjectVersion.deleteMarker(key, at, owner), precondition,
                        VersionWriter.NOTHING_MORE);
            }
            List<KeyVersions.Found> all = versions.all(b.id(), KeyCodec.utf8(key));
            if (!precondition.test(all.stream().findFirst().map(KeyVersions.Found::version))) {
                throw new MetadataException(PRECONDITION_FAILED,
                        "precondition failed: " + key);
            }
            return writer.removeAll(b, all);
        });
    }

    @Override
    public WriteResult deleteVersion(String bucket, String key, String versionId) throws MetadataException {
        return deleteVersion(bucket, key, versionId, found -> true);
    }

    @Override
    public WriteResult deleteVersion(String bucket, String key, String versionId,
                                     Predicate<VersionPage.Entry> precondition) throws MetadataException {
        requireValidKey(key);
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(precondition, "precondition");
        return underKey(bucket, key, b -> {
            byte[] k = KeyCodec.utf8(key);
            Optional<KeyVersions.Found> found = versions.byId(b.id(), k, versionId);
            if (found.isEmpty()) {
                return writer.remove(b, List.of());
            }
            Optional<KeyVersions.Found> newest = versions.newest(b.id(), k);
            boolean latest = newest.isPresent() && Arrays.equals(newest.get().rawKey(), found.get().rawKey());
            if (!precondition.test(new VersionPage.Entry(found.get().version(), latest))) {
                throw new MetadataException(PRECONDITION_FAILED,
                        "precondition failed: " + key + " version " + versionId);
            }
            return writer.remove(b, List.of(found.get()));
        });
    }

    @Override
    public Optional<ObjectVersion> updateVersion(String bucket, String key, String versionId,
                                                 UnaryOperator<ObjectVersion> change) throws MetadataException {
        requireValidKey(key);
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(change, "change");
        return underKey(bucket, key, b -> {
            Optional<KeyVersions.Found> found = versions.byId(b.id(), KeyCodec.utf8(key), versionId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            ObjectVersion current = found.get().version();
            ObjectVersion replacement = change.apply(current);
            if (replacement == null) {
                return Optional.empty();
            }
            ObjectVersion stored = new ObjectVersion(current.key(), current.versionId(), replacement.deleteMarker(),
                    replacement.size(), replacement.etag(), replacement.lastModified(), replacement.headers(),
                    replacement.checksums(), replacement.dataId(), replacement.inline(), replacement.owner(),
                    replacement.parts(), replacement.encryption(), replacement.tags(), replacement.tier());
            rocks.put(rocks.objects(), found.get().rawKey(),
                    RecordCodec.encodeVersion(found.get().stored().stamp(), stored));
            usage.replaced(b.name(), current, stored);
            return Optional.of(stored);
        });
    }

    @Override
    public ListPage listObjects(String bucket, ListQuery query) throws MetadataException {
        Objects.requireNonNull(query, "query");
        return call(() -> {
            Lister lister = new Lister(requireBucket(bucket).id(), query);
            return scan(rocks.objects(), lister.upperBound(), lister::list);
        });
    }

    @Override
    public VersionPage listVersions(String bucket, VersionQuery query) throws MetadataException {
        Objects.requireNonNull(query, "query");
        return call(() -> {
            VersionLister lister = new VersionLister(requireBucket(bucket).id(), query);
            return scan(rocks.objects(), lister.upperBound(), lister::list);
        });
    }

    // ---- multipart uploads ----

    @Override
    public void createUpload(String bucket, UploadRecord upload) throws MetadataException {
        requireValidKey(upload.key());
        requireValidUploadId(upload.uploadId());
        underKey(bucket, upload.key(), b -> {
            byte[] k = KeyCodec.utf8(upload.key());
            byte[] id = KeyCodec.utf8(upload.uploadId());
            // The stamp orders the key's uploads for listing; above the newest, it survives a clock stepping back.
            long floor = 0;
            for (byte[] existing : uploads.ofKey(b.id(), k)) {
                if (UploadKeys.hasUploadId(existing, k.length, id)) {
                    throw new IllegalArgumentException("upload id already in use: " + upload.uploadId());
                }
                floor = Math.max(floor, UploadKeys.stamp(existing));
            }
            long stamp = clock.next(floor);
            rocks.put(rocks.uploads(), UploadKeys.upload(b.id(), k, stamp, id),
                    RecordCodec.encodeUpload(upload));
            return null;
        });
    }

    @Override
    public Optional<UploadRecord> upload(String bucket, String key, String uploadId) throws MetadataException {
        requireValidKey(key);
        requireValidUploadId(uploadId);
        return call(() -> uploads.find(requireBucket(bucket).id(), key, uploadId).map(Uploads.Found::record));
    }

    @Override
    public Optional<PartRecord> putPart(String bucket, String key, String uploadId, PartRecord part)
            throws MetadataException {
        requireValidKey(key);
        requireValidUploadId(uploadId);
        if (part.partNumber() < 1 || part.partNumber() > MAX_PART_NUMBER) {
            throw new IllegalArgumentException("part number out of range: " + part.partNumber());
        }
        return underUpload(bucket, key, uploadId, false, (b, upload) -> {
            ReentrantLock partLock = locks.part(b.id(), uploadId, part.partNumber());
            partLock.lock();
            try {
                Optional<PartRecord> replaced = uploads.part(b.id(), upload, part.partNumber());
                rocks.put(rocks.parts(), uploads.partKey(b.id(), upload, part.partNumber()),
                        RecordCodec.encodePart(part));
                return replaced;
            } finally {
                partLock.unlock();
            }
        });
    }

    @Override
    public PartPage listParts(String bucket, String key, String uploadId, int partNumberMarker, int maxParts)
            throws MetadataException {
        requireValidKey(key);
        requireValidUploadId(uploadId);
        if (partNumberMarker < 0 || maxParts < 0) {
            throw new IllegalArgumentException("negative part number marker or max parts");
        }
        return call(() -> {
            long bucketId = requireBucket(bucket).id();
            Uploads.Found upload = requireUpload(bucketId, key, uploadId);
            if (maxParts == 0) {
                return new PartPage(List.of(), false, 0);
            }
            List<Uploads.StoredPart> found = uploads.parts(bucketId, upload, partNumberMarker, maxParts);
            boolean truncated = found.size() > maxParts;
            List<PartRecord> page = found.subList(0, Math.min(found.size(), maxParts)).stream()
                    .map(Uploads.StoredPart::part).toList();
            return new PartPage(page, truncated, page.isEmpty() ? 0 : page.getLast().partNumber());
        });
    }

    @Override
    public List<PartRecord> allParts(String bucket, String key, String uploadId) throws MetadataException {
        requireValidKey(key);
        requireValidUploadId(uploadId);
        return call(() -> {
            long bucketId = requireBucket(bucket).id();
            return partRecords(uploads.parts(bucketId, requireUpload(bucketId, key, uploadId)));
        });
    }

    @Override
    public UploadPage listUploads(String bucket, UploadQuery query) throws MetadataException {
        Objects.requireNonNull(query, "query");
        return call(() -> {
            UploadLister lister = new UploadLister(requireBucket(bucket).id(), query);
            return scan(rocks.uploads(), lister.upperBound(), lister::list);
        });
    }

    @Override
    public List<PartRecord> abortUpload(String bucket, String key, String uploadId) throws MetadataException {
        requireValidKey(key);
        requireValidUploadId(uploadId);
        return underUpload(bucket, key, uploadId, true, (b, upload) -> {
            List<Uploads.StoredPart> parts = uploads.parts(b.id(), upload);
            try (WriteBatch batch = new WriteBatch()) {
                deleteUpload(batch, upload, parts);
                rocks.write(batch);
            }
            return partRecords(parts);
        });
    }

    @Override
    public CompleteResult completeUpload(String bucket, String uploadId, ObjectVersion version,
                                         Predicate<Optional<ObjectVersion>> precondition)
            throws MetadataException {
        requireValidKey(version.key());
        requireValidUploadId(uploadId);
        Objects.requireNonNull(precondition, "precondition");
        return underUpload(bucket, version.key(), uploadId, true, (b, upload) -> {
            List<Uploads.StoredPart> parts = uploads.parts(b.id(), upload);
            requireCurrentParts(version, parts);
            ReentrantLock keyLock = locks.key(b.id(), version.key());
            keyLock.lock();
            try {
                WriteResult write = writer.commit(b, version, precondition,
                        batch -> deleteUpload(batch, upload, parts));
                Set<String> used = new HashSet<>(write.written().dataIds());
                List<PartRecord> unused = partRecords(parts).stream()
                        .filter(p -> !used.contains(p.dataId())).toList();
                return new CompleteResult(write, unused);
            } finally {
                keyLock.unlock();
            }
        });
    }

    // ---- monitoring ----

    @Override
    public Map<String, BucketUsage> usage() {
        return usage.snapshot();
    }

    @Override
    public OptionalLong engineProperty(String name) {
        Objects.requireNonNull(name, "name");
        return callUnchecked(() -> {
            try {
                // Every column family uses the one block cache: summed, it would count it once per family.
                return OptionalLong.of(name.startsWith("rocksdb.block-cache-")
                        ? rocks.db().getLongProperty(rocks.objects(), name) : rocks.db().getAggregatedLongProperty(name));
            } catch (RocksDBException unknown) {
                return OptionalLong.empty();
            }
        });
    }

    // ---- maintenance ----

    @Override
    public void forEachDataId(Consumer<String> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        callUnchecked(() -> {
            // One snapshot for both scans: a completion moving parts into a version between them must not hide
            // the parts from both. Not filling the cache keeps a full scan from evicting the working set.
            Snapshot snapshot = rocks.db().getSnapshot();
            try (ReadOptions options = new ReadOptions().setFillCache(false).setSnapshot(snapshot)) {
                try (RocksIterator it = rocks.db().newIterator(rocks.objects(), options)) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        RecordCodec.decodeVersion(it.value()).version().dataIds().forEach(consumer);
                    }
                    it.status();
                }
                try (RocksIterator it = rocks.db().newIterator(rocks.parts(), options)) {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        String dataId = RecordCodec.decodePart(it.value()).dataId();
                        if (dataId != null) {
                            consumer.accept(dataId);
                        }
                    }
                    it.status();
                }
            } finally {
                rocks.db().releaseSnapshot(snapshot);
            }
            return null;
        });
    }

    // ---- remote tiers ----

    @Override
    public void putTier(TierRecord tier) {
        Objects.requireNonNull(tier, "tier");
        callUnchecked(() -> {
            rocks.put(rocks.system(), tierKey(tier.name()), RecordCodec.encodeTier(tier));
            return null;
        });
    }

    @Override
    public Optional<TierRecord> tier(String name) {
        return callUnchecked(() -> Optional.ofNullable(rocks.db().get(rocks.system(), tierKey(name)))
                .map(RecordCodec::decodeTier));
    }

    @Override
    public List<TierRecord> tiers() {
        return callUnchecked(() -> {
            List<TierRecord> all = new ArrayList<>();
            try (Slice end = new Slice(TIER_END);
                 ReadOptions options = new ReadOptions().setIterateUpperBound(end);
                 RocksIterator it = rocks.db().newIterator(rocks.system(), options)) {
                for (it.seek(TIER_PREFIX); it.isValid(); it.next()) {
                    all.add(RecordCodec.decodeTier(it.value()));
                }
                it.status();
            }
            return all;
        });
    }

    @Override
    public boolean deleteTier(String name) {
        return callUnchecked(() -> {
            byte[] k = tierKey(name);
            if (rocks.db().get(rocks.system(), k) == null) {
                return false;
            }
            rocks.delete(rocks.system(), k);
            return true;
        });
    }

    private static byte[] tierKey(String name) {
        byte[] n = KeyCodec.utf8(name);
        byte[] k = Arrays.copyOf(TIER_PREFIX, TIER_PREFIX.length + n.length);
        System.arraycopy(n, 0, k, TIER_PREFIX.length, n.length);
        return k;
    }

    // ---- remote tier bookkeeping ----

    @Override
    public RemoteDeletion queueRemoteDeletion(String bucket, String key, String versionId, Map<String, String> tier) {
        Objects.requireNonNull(tier, "tier");
        return callUnchecked(() -> tiering.queue(bucket, key, versionId, tier));
    }

    @Override
    public List<RemoteDeletion> remoteDeletions(String afterId, int max) {
        return callUnchecked(() -> tiering.deletions(afterId, max));
    }

    @Override
    public void remoteDeletionDone(String id) {
        Objects.requireNonNull(id, "id");
        callUnchecked(() -> {
            tiering.done(id);
            return null;
        });
    }

    @Override
    public void putRestoreExpiry(RestoreExpiry expiry) {
        Objects.requireNonNull(expiry, "expiry");
        callUnchecked(() -> {
            tiering.putExpiry(expiry);
            return null;
        });
    }

    @Override
    public List<RestoreExpiry> restoreExpiries() {
        return callUnchecked(tiering::expiries);
    }

    @Override
    public boolean removeRestoreExpiry(RestoreExpiry expiry) {
        Objects.requireNonNull(expiry, "expiry");
        return callUnchecked(() -> tiering.removeExpiry(expiry));
    }

    @Override
    public long resealVersions(UnaryOperator<Map<String, String>> reseal) {
        Objects.requireNonNull(reseal, "reseal");
        long rewritten = 0;
        for (BucketRecord listed : listBuckets()) {
            try {
                rewritten += underBucket(listed.name(), b -> resealBucket(b, reseal));
            } catch (MetadataException e) {
                // The bucket was deleted meanwhile: nothing of it is left to re-seal.
            }
        }
        return rewritten;
    }

    private long resealBucket(BucketRecord b, UnaryOperator<Map<String, String>> reseal) throws RocksDBException {
        long n = 0;
        try (Slice end = new Slice(KeyCodec.bucketEnd(b.id()));
             ReadOptions options = new ReadOptions().setIterateUpperBound(end).setFillCache(false);
             RocksIterator it = rocks.db().newIterator(rocks.objects(), options)) {
            for (it.seek(KeyCodec.bucketStart(b.id())); it.isValid(); it.next()) {
                byte[] raw = it.key();
                StoredVersion read = RecordCodec.decodeVersion(it.value());
                if (!read.version().encrypted()) {
                    continue;
                }
                Map<String, String> replacement = reseal.apply(read.version().encryption());
                if (replacement == null) {
                    continue;
                }
                ReentrantLock keyLock = locks.key(b.id(), read.version().key());
                keyLock.lock();
                try {
                    // Re-read under the lock: a write or delete since the iterator's snapshot wins.
                    byte[] current = rocks.db().get(rocks.objects(), raw);
                    if (current == null || !Arrays.equals(current, it.value())) {
                        continue;
                    }
                    rocks.put(rocks.objects(), raw, RecordCodec.encodeVersion(read.stamp(),
                            read.version().withEncryption(replacement)));
                    n++;
                } finally {
                    keyLock.unlock();
                }
            }
            it.status();
        }
        return n;
    }

    /** Live copies of the metadata (1 for a store that is not replicated). */
    public int copies() {
        return rocks.copies();
    }

    /** The directory of the copy every commit is written to first (the only copy a single-drive store has). */
    public Path primaryDir() {
        return rocks.dir();
    }

    /**
     * Whether the copy every commit is written to first took every write so far and its directory is still the one
     * opened. False once its drive failed, went away or was replaced, until the store continues on another copy
     * ({@link #keepCopies}, or the next operation after a refused commit); for good when no other copy is left.
     */
    public boolean primaryUsable() {
        return rocks.primaryUsable();
    }

    /**
     * In a replicated store, keeps a copy in each of {@code dirs} (the directories on drives online): when the
     * primary's is not among them or no longer the one opened, continues on another copy first ({@link
     * RocksHandles#failOver}); drops copies whose directory is not listed (their drive went away) or was replaced,
     * and makes the missing ones from the current state (writes wait while the checkpoint is taken).
     */
    public void keepCopies(List<Path> dirs) {
        if (rocks.primaryLost(dirs) && !failOver(() -> rocks.primaryLost(dirs))) {
            return;
        }
        lifecycle.readLock().lock();
        try {
            if (!closed) {
                rocks.keepMirrors(dirs);
            }
        } finally {
            lifecycle.readLock().unlock();
        }
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
     * Adds a version of a key as given, id included, without removing others, bypassing locks and
     * preconditions: tests use it to build states the public API reaches only slowly (thousands of versions)
     * or never (objects under the id of a deleted bucket). They are not counted in {@link #usage()}.
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
                    byte[] k = KeyCodec.utf8(v.key());
                    batch.put(rocks.objects(), KeyCodec.version(bucketId, k, stamp),
                            RecordCodec.encodeVersion(stamp, v));
                    batch.put(rocks.current(), KeyCodec.current(bucketId, k), KeyCodec.longBytes(stamp));
                }
                rocks.write(batch);
            }
            return null;
        });
    }

    /** Entries in the {@code current} family (one per key with any version); for tests. */
    long currentEntries() {
        return callUnchecked(() -> {
            long n = 0;
            try (RocksIterator it = rocks.db().newIterator(rocks.current())) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    n++;
                }
                it.status();
            }
            return n;
        });
    }

    /** Iterator seeks plus steps taken by listings so far; lets tests prove what listing does not walk. */
    long cursorMoves() {
        return cursorMoves.sum();
    }

    private void deleteUpload(WriteBatch batch, Uploads.Found upload, List<Uploads.StoredPart> parts)
            throws RocksDBException {
        batch.delete(rocks.uploads(), upload.rawKey());
        for (Uploads.StoredPart p : parts) {
            batch.delete(rocks.parts(), p.rawKey());
        }
    }

    /**
     * A completion may only use parts as they are now: a part replaced since the caller read it has been handed
     * back for freeing, and an object made of it would lose its data.
     */
    private static void requireCurrentParts(ObjectVersion version, List<Uploads.StoredPart> parts)
            throws MetadataException {
        Map<Integer, String> current = new HashMap<>();
        for (Uploads.StoredPart p : parts) {
            current.put(p.part().partNumber(), p.part().dataId());
        }
        for (PartRef ref : version.parts()) {
            if (ref.dataId() == null || !ref.dataId().equals(current.get(ref.partNumber()))) {
                throw new MetadataException(INVALID_PART, "not a current part of the upload: " + ref.partNumber());
            }
        }
    }

    private static List<PartRecord> partRecords(List<Uploads.StoredPart> parts) {
        return parts.stream().map(Uploads.StoredPart::part).toList();
    }

    // ---- lookups ----

    private long loadNextBucketId() throws RocksDBException {
        byte[] stored = rocks.db().get(rocks.system(), NEXT_BUCKET_ID);
        long next = stored == null ? 1 : KeyCodec.readLong(stored, 0);
        // Belt and braces: never below an id that is in use, even if the counter were lost.
        try (RocksIterator it = rocks.db().newIterator(rocks.buckets())) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                next = Math.max(next, RecordCodec.decodeBucket(it.value()).id() + 1);
            }
            it.status();
        }
        return next;
    }

    /**
     * Every request names its bucket, so records are cached. Every bucket change bumps a generation and then
     * drops the entry (see {@link #underCatalog}); a reader that filled the cache from the database drops its
     * entry again if the generation moved meanwhile, so a record a concurrent change replaced never stays.
     * (No lock here: readers hold a bucket stripe, and the catalog lock is taken before stripes.) Missing
     * buckets are not cached.
     */
    private Optional<BucketRecord> findBucket(String name) throws RocksDBException {
        BucketRecord cached = bucketCache.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        long generation = bucketGeneration.get();
        byte[] value = rocks.db().get(rocks.buckets(), KeyCodec.utf8(name));
        if (value == null) {
            return Optional.empty();
        }
        BucketRecord bucket = RecordCodec.decodeBucket(value);
        bucketCache.put(name, bucket);
        if (bucketGeneration.get() != generation) {
            bucketCache.remove(name);
        }
        return Optional.of(bucket);
    }

    private BucketRecord requireBucket(String name) throws RocksDBException, MetadataException {
        Objects.requireNonNull(name, "bucket");
        Optional<BucketRecord> bucket = findBucket(name);
        if (bucket.isEmpty()) {
            throw new MetadataException(NO_SUCH_BUCKET, "no such bucket: " + name);
        }
        return bucket.get();
    }

    private Uploads.Found requireUpload(long bucketId, String key, String uploadId)
            throws RocksDBException, MetadataException {
        Optional<Uploads.Found> upload = uploads.find(bucketId, key, uploadId);
        if (upload.isEmpty()) {
            throw new MetadataException(NO_SUCH_UPLOAD, "no such upload: " + uploadId);
        }
        return upload.get();
    }

    /** One seek: any version, live or delete marker, keeps the bucket from being deleted. */
    private boolean hasObjects(long bucketId) throws RocksDBException {
        try (Slice end = new Slice(KeyCodec.bucketEnd(bucketId));
             ReadOptions options = new ReadOptions().setIterateUpperBound(end);
             RocksIterator it = rocks.db().newIterator(rocks.objects(), options)) {
            it.seek(KeyCodec.bucketStart(bucketId));
            if (it.isValid()) {
                return true;
            }
            it.status();
            return false;
        }
    }

    /** Runs a listing on an iterator that reads a consistent snapshot, so no lock is needed against writers. */
    private <T> T scan(ColumnFamilyHandle cf, byte[] upperBound, Listing<T> listing) throws RocksDBException {
        try (Slice end = new Slice(upperBound);
             ReadOptions options = new ReadOptions().setIterateUpperBound(end);
             RocksIterator it = rocks.db().newIterator(cf, options)) {
            return listing.list(new Cursor(it, cursorMoves));
        }
    }

    /** The 0x00 separator of the key layouts relies on it; the server rejects such keys before they get here. */
    private static void requireValidKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("object keys must not contain U+0000");
        }
    }

    /** The parts layout ends an upload id with 0x00, so it must not contain one. */
    private static void requireValidUploadId(String uploadId) {
        Objects.requireNonNull(uploadId, "uploadId");
        if (uploadId.isEmpty() || uploadId.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("upload ids must be non-empty and free of U+0000");
        }
    }

    // ---- locking and error handling ----

    /** Runs with the catalog and the bucket's stripe held for writing: nothing else touches the bucket. */
    private <T> T underCatalog(String bucket, BucketOperation<T> op) throws MetadataException {
        return call(() -> {
            catalog.lock();
            Lock bucketLock = locks.bucket(bucket).writeLock();
            bucketLock.lock();
            try {
                return op.run(requireBucket(bucket));
            } finally {
                bucketGeneration.incrementAndGet();
                bucketCache.remove(bucket);
                bucketLock.unlock();
                catalog.unlock();
            }
        });
    }

    /** Runs with the key's lock, under the bucket's stripe held for reading. */
    private <T> T underKey(String bucket, String key, BucketOperation<T> op) throws MetadataException {
        return underBucket(bucket, b -> {
            ReentrantLock keyLock = locks.key(b.id(), key);
            keyLock.lock();
            try {
                return op.run(b);
            } finally {
                keyLock.unlock();
            }
        });
    }

    /** Runs with an existing upload's stripe held for reading or writing, under the bucket's stripe. */
    private <T> T underUpload(String bucket, String key, String uploadId, boolean exclusive, UploadOperation<T> op)
            throws MetadataException {
        return underBucket(bucket, b -> {
            ReadWriteLock rw = locks.upload(b.id(), uploadId);
            Lock uploadLock = exclusive ? rw.writeLock() : rw.readLock();
            uploadLock.lock();
            try {
                return op.run(b, requireUpload(b.id(), key, uploadId));
            } finally {
                uploadLock.unlock();
            }
        });
    }

    private <T> T underBucket(String bucket, BucketOperation<T> op) throws MetadataException {
        return call(() -> {
            Lock bucketLock = locks.bucket(bucket).readLock();
            bucketLock.lock();
            try {
                return op.run(requireBucket(bucket));
            } finally {
                bucketLock.unlock();
            }
        });
    }

    private static UncheckedIOException failure(RocksDBException e) {
        return new UncheckedIOException(new IOException("RocksDB: " + e.getMessage(), e));
    }

    @FunctionalInterface
    private interface Listing<T> {
        T list(Cursor cursor) throws RocksDBException;
    }

    @FunctionalInterface
    private interface BucketOperation<T> {
        T run(BucketRecord bucket) throws MetadataException, RocksDBException;
    }

    @FunctionalInterface
    private interface UploadOperation<T> {
        T run(BucketRecord bucket, Uploads.Found upload) throws MetadataException, RocksDBException;
    }

    @FunctionalInterface
    private interface Operation<T> {
        T run() throws MetadataException, RocksDBException;
    }

    @FunctionalInterface
    private interface UncheckedOperation<T> {
        T run() throws RocksDBException;
    }

    /**
     * Runs an operation while the store is open. When the primary refused its commit (its drive failed), the store
     * continues on another copy and runs the operation once more: the refused commit reached no copy and nothing in
     * memory moves before a commit succeeds, so running it again is as if it ran once. The primary may already have
     * moved (another commit of the refused group got there first), hence the count of moves. Not from inside
     * another operation (a thread holding the lock for reading cannot wait for it exclusively): that one retries.
     */
    private <T> T call(Operation<T> op) throws MetadataException {
        long moves = rocks.moves();
        try {
            return callOnce(op);
        } catch (RocksDBException e) {
            boolean refused = rocks.primaryFailed() || rocks.moves() != moves;
            if (lifecycle.getReadHoldCount() == 0 && refused && failOver(rocks::primaryFailed)) {
                try {
                    return callOnce(op);
                } catch (RocksDBException again) {
                    throw failure(again);
                }
            }
            throw failure(e);
        }
    }

    private <T> T callOnce(Operation<T> op) throws MetadataException, RocksDBException {
        Lock open = lifecycle.readLock();
        open.lock();
        try {
            if (closed) {
                throw new IllegalStateException("metadata store is closed");
            }
            return op.run();
        } finally {
            open.unlock();
        }
    }

    /**
     * Moves the primary to another copy while no operation runs, if {@code needed} still holds once they are done
     * (another thread may have moved it meanwhile). False when no other copy is left or the store is closed.
     */
    private boolean failOver(BooleanSupplier needed) {
        lifecycle.writeLock().lock();
        try {
            if (closed) {
                return false;
            }
            return !needed.getAsBoolean() || rocks.failOver();
        } finally {
            lifecycle.writeLock().unlock();
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
