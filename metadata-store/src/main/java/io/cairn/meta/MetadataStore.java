package io.cairn.meta;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The metadata of buckets, object versions and multipart uploads. Every mutation is one atomic, durable
 * (synced) commit. Implementations are thread-safe. Kept narrow so a distributed implementation can replace it.
 */
public interface MetadataStore extends AutoCloseable {

    // ---- buckets ----

    /** @throws MetadataException BUCKET_EXISTS */
    BucketRecord createBucket(String name, String region, String owner, Instant created) throws MetadataException;

    Optional<BucketRecord> bucket(String name);

    /** All buckets, by name. */
    List<BucketRecord> listBuckets();

    /**
     * Deletes an empty bucket. Multipart uploads still in progress do not keep it alive: they are removed with it.
     *
     * @return data ids of the removed uploads' parts, now the caller's to free
     * @throws MetadataException NO_SUCH_BUCKET, BUCKET_NOT_EMPTY (any object version or delete marker left)
     */
    List<String> deleteBucket(String name) throws MetadataException;

    /**
     * Enables or suspends versioning. UNVERSIONED cannot be set again once a bucket left it.
     *
     * @throws MetadataException NO_SUCH_BUCKET
     * @throws IllegalArgumentException for UNVERSIONED
     */
    void setVersioning(String bucket, VersioningState state) throws MetadataException;

    /**
     * Sets (non-empty map) or removes (empty map) the bucket's default server-side encryption.
     *
     * @throws MetadataException NO_SUCH_BUCKET
     */
    void setBucketEncryption(String bucket, java.util.Map<String, String> encryption) throws MetadataException;

    /**
     * Rewrites the bucket's record under the catalog lock: {@code change} gets the current record and returns the
     * replacement (only tags and lifecycle are meant to change this way; id and name are kept whatever it returns).
     *
     * @return the record now stored
     * @throws MetadataException NO_SUCH_BUCKET
     */
    BucketRecord updateBucket(String bucket, java.util.function.UnaryOperator<BucketRecord> change)
            throws MetadataException;

    // ---- object versions ----

    /** The newest version of a key (may be a delete marker). @throws MetadataException NO_SUCH_BUCKET */
    Optional<ObjectVersion> latest(String bucket, String key) throws MetadataException;

    /**
     * The bucket as cached, without a read from disk.
     *
     * @throws NotInMemoryException when it is not cached: ask {@link #bucket} from a thread that may wait
     */
    BucketRecord bucketInMemory(String name);

    /**
     * {@link #latest}, answered from memory alone (the bucket cache, RocksDB's memtables and block cache), for a
     * caller that must never wait for a disk, such as an event loop.
     *
     * @throws NotInMemoryException when answering would need a read from disk (or the bucket is not cached, or
     *                              the store is closing): ask {@link #latest} from a thread that may wait
     * @throws MetadataException    as {@link #latest}
     */
    Optional<ObjectVersion> latestInMemory(String bucket, String key) throws MetadataException;

    /** One version by id ("null" included). @throws MetadataException NO_SUCH_BUCKET */
    Optional<ObjectVersion> version(String bucket, String key, String versionId) throws MetadataException;

    /**
     * Commits {@code version} as the newest version of its key, atomically with the check of {@code precondition}
     * against the current newest version (empty when none). The version id is assigned from the bucket's state:
     * ENABLED → a new unique, time-ordered id; SUSPENDED and UNVERSIONED → "null", replacing the previous "null"
     * version of the key (in UNVERSIONED buckets that is every version). A {@code lastModified} older than the
     * current newest version's is raised to it, so Last-Modified never decreases along a key's versions. Replaced
     * versions with a remote copy are queued for remote deletion in the same commit ({@link #remoteDeletions}).
     *
     * @throws MetadataException NO_SUCH_BUCKET, PRECONDITION_FAILED
     */
    WriteResult putObject(String bucket, ObjectVersion version, Predicate<Optional<ObjectVersion>> precondition)
            throws MetadataException;

    /**
     * DeleteObject without a version id. UNVERSIONED: removes the key. ENABLED: adds a delete marker with a new
     * id. SUSPENDED: adds a delete marker with id "null", replacing the previous "null" version.
     *
     * @return the marker written (or null) and the versions removed
     * @throws MetadataException NO_SUCH_BUCKET
     */
    WriteResult deleteObject(String bucket, String key, Instant at, String owner) throws MetadataException;

    /**
     * {@link #deleteObject(String, String, Instant, String)}, atomically with the check of {@code precondition}
     * against the key's newest version (empty when none): lifecycle expiration acts only on the version it
     * evaluated, so a write that lands in between wins.
     *
     * @throws MetadataException NO_SUCH_BUCKET, PRECONDITION_FAILED
     */
    WriteResult deleteObject(String bucket, String key, Instant at, String owner,
                             Predicate<Optional<ObjectVersion>> precondition) throws MetadataException;

    /**
     * Removes one version (or delete marker) for good; removing the newest delete marker "undeletes" the key.
     * Removing a version that does not exist is not an error (empty result), as in S3.
     *
     * @throws MetadataException NO_SUCH_BUCKET
     */
    WriteResult deleteVersion(String bucket, String key, String versionId) throws MetadataException;

    /**
     * {@link #deleteVersion(String, String, String)}, atomically with the check of {@code precondition} against the
     * version as stored now and whether it is the key's newest (lifecycle removes a noncurrent version only while
     * it is still noncurrent). A version that does not exist is not an error (empty result).
     *
     * @throws MetadataException NO_SUCH_BUCKET, PRECONDITION_FAILED
     */
    WriteResult deleteVersion(String bucket, String key, String versionId, Predicate<VersionPage.Entry> precondition)
            throws MetadataException;

    /**
     * Lists the latest versions of keys, hiding keys whose newest version is a delete marker. A common prefix is
     * skipped with one seek past it; a key with many versions costs one seek, not one step per version.
     *
     * @throws MetadataException NO_SUCH_BUCKET
     */
    ListPage listObjects(String bucket, ListQuery query) throws MetadataException;

    /**
     * ListObjectVersions.
     *
     * @throws MetadataException NO_SUCH_BUCKET
     * @throws IllegalArgumentException for a versionIdMarker that is neither "null" nor an id this store issued
     */
    VersionPage listVersions(String bucket, VersionQuery query) throws MetadataException;

    /**
     * Rewrites one stored version in place, under the key's lock: same key, same version id, same place in the
     * key's history, no new Last-Modified. {@code change} gets the version as stored now and returns the
     * replacement, or null to leave it; it is how tags are set and how content moves to and from a remote tier
     * (the caller frees data the replacement no longer refers to). Key and version id are kept whatever
     * {@code change} returns.
     *
     * @return the version now stored, or empty when there is no such version or {@code change} returned null
     * @throws MetadataException NO_SUCH_BUCKET
     */
    Optional<ObjectVersion> updateVersion(String bucket, String key, String versionId,
                                          java.util.function.UnaryOperator<ObjectVersion> change)
            throws MetadataException;

    // ---- multipart uploads ----

    /** Records a new upload. @throws MetadataException NO_SUCH_BUCKET */
    void createUpload(String bucket, UploadRecord upload) throws MetadataException;

    /** @throws MetadataException NO_SUCH_BUCKET */
    Optional<UploadRecord> upload(String bucket, String key, String uploadId) throws MetadataException;

    /**
     * Records a part; a part with the same number is replaced.
     *
     * @return the replaced part, whose data is now the caller's to free
     * @throws MetadataException NO_SUCH_BUCKET, NO_SUCH_UPLOAD (also when the upload completed or was aborted
     *                           meanwhile: the caller then frees the new part's data)
     */
    Optional<PartRecord> putPart(String bucket, String key, String uploadId, PartRecord part)
            throws MetadataException;

    /** Parts with numbers above {@code partNumberMarker}, ascending. @throws MetadataException NO_SUCH_UPLOAD */
    PartPage listParts(String bucket, String key, String uploadId, int partNumberMarker, int maxParts)
            throws MetadataException;

    /** Every part of an upload, ascending. @throws MetadataException NO_SUCH_UPLOAD */
    List<PartRecord> allParts(String bucket, String key, String uploadId) throws MetadataException;

    /** @throws MetadataException NO_SUCH_BUCKET */
    UploadPage listUploads(String bucket, UploadQuery query) throws MetadataException;

    /**
     * Removes an upload and its parts.
     *
     * @return the removed parts; their data is the caller's to free
     * @throws MetadataException NO_SUCH_UPLOAD
     */
    List<PartRecord> abortUpload(String bucket, String key, String uploadId) throws MetadataException;

    /**
     * Completes an upload in ONE commit: the upload and its part records go, {@code version} (whose
     * {@link ObjectVersion#parts()} the caller chose from the upload's parts) becomes the newest version exactly as
     * {@link #putObject} would make it. No data moves.
     *
     * @return the write, and the upload's parts that {@code version} does not use (to free)
     * @throws MetadataException NO_SUCH_UPLOAD, NO_SUCH_BUCKET, PRECONDITION_FAILED, INVALID_PART (a part of
     *                           {@code version} is not the upload's part of that number and data id, e.g. because
     *                           it was replaced after the caller read the parts: its data may already be freed)
     */
    CompleteResult completeUpload(String bucket, String uploadId, ObjectVersion version,
                                  Predicate<Optional<ObjectVersion>> precondition) throws MetadataException;

    // ---- remote tiers ----

    /** Adds or replaces a tier definition. */
    void putTier(TierRecord tier);

    Optional<TierRecord> tier(String name);

    /** All tiers, by name. */
    List<TierRecord> tiers();

    /** @return true when a tier of that name existed */
    boolean deleteTier(String name);

    // ---- remote tier bookkeeping ----

    /**
     * Queues a remote copy for deletion outside of a version removal (versions removed for good with a non-empty
     * {@link ObjectVersion#tier()} are queued by the removing commit itself: putObject, deleteObject,
     * deleteVersion, completeUpload). A transition queues its copy before making it, so a crash before the
     * version refers to it leaves no stray remote object; whoever works the queue must therefore skip copies the
     * named version still refers to.
     *
     * @return the entry, with its id
     */
    RemoteDeletion queueRemoteDeletion(String bucket, String key, String versionId, java.util.Map<String, String> tier);

    /** Up to {@code max} queued deletions with ids after {@code afterId} (null: from the first), in id order. */
    List<RemoteDeletion> remoteDeletions(String afterId, int max);

    /** Removes a queue entry (the remote copy is gone, or turned out to be in use); an unknown id is no error. */
    void remoteDeletionDone(String id);

    /** Records when a restored copy expires, replacing the version's previous entry. */
    void putRestoreExpiry(RestoreExpiry expiry);

    /** Every recorded restore expiry (restored copies are few: they are temporary by nature). */
    List<RestoreExpiry> restoreExpiries();

    /**
     * Removes the version's entry if it is still exactly {@code expiry} (an entry replaced meanwhile, e.g. by an
     * extension, stays).
     *
     * @return whether it was removed
     */
    boolean removeRestoreExpiry(RestoreExpiry expiry);

    // ---- monitoring ----

    /**
     * What each bucket holds, as of the last commit: kept up to date by every commit that adds or removes versions
     * (counted once when the store opens), so it costs no scan.
     */
    java.util.Map<String, BucketUsage> usage();

    /**
     * A statistic of the storage engine, for monitoring: for RocksDB a numeric property (say
     * {@code rocksdb.estimate-num-keys}) summed over the column families (block cache properties: of the one
     * cache they share). Cheap; empty when the engine has no such
     * statistic.
     */
    java.util.OptionalLong engineProperty(String name);

    // ---- maintenance ----

    /**
     * Re-seals encryption records in place: for every stored object version (current or not) with a non-empty
     * {@link ObjectVersion#encryption()}, {@code reseal} returns a replacement or null to keep it. Each rewrite
     * is its own synced commit under the key's lock and only replaces a record that is still the one read, so a
     * concurrent overwrite or delete always wins. Nothing but the encryption field changes (no data moves).
     *
     * @return how many versions were rewritten
     */
    long resealVersions(java.util.function.UnaryOperator<java.util.Map<String, String>> reseal);

    /** Every data id that a version or an uploaded part refers to; used at start-up to find orphaned files. */
    void forEachDataId(Consumer<String> consumer);

    @Override
    void close();
}
