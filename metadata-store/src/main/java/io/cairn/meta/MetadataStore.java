package io.cairn.meta;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The metadata of buckets and objects. Every mutation is one atomic, durable (synced) commit.
 * Implementations are thread-safe. Kept narrow so a distributed implementation can replace it later.
 */
public interface MetadataStore extends AutoCloseable {

    /** @throws MetadataException BUCKET_EXISTS */
    BucketRecord createBucket(String name, String region, String owner, Instant created) throws MetadataException;

    Optional<BucketRecord> bucket(String name);

    /** All buckets, by name. */
    List<BucketRecord> listBuckets();

    /** @throws MetadataException NO_SUCH_BUCKET, BUCKET_NOT_EMPTY (any object version left) */
    void deleteBucket(String name) throws MetadataException;

    /** The newest version of a key (may be a delete marker). */
    Optional<ObjectVersion> latest(String bucket, String key) throws MetadataException;

    /**
     * Makes {@code version} the current version of its key, atomically with the check of {@code precondition}
     * against the current newest version (empty when none). In an unversioned bucket the previous versions are
     * replaced.
     *
     * @return the versions this commit removed; their data is now the caller's to free
     * @throws MetadataException NO_SUCH_BUCKET, PRECONDITION_FAILED
     */
    List<ObjectVersion> putObject(String bucket, ObjectVersion version,
                                  Predicate<Optional<ObjectVersion>> precondition) throws MetadataException;

    /**
     * Removes every version of a key (unversioned delete).
     *
     * @return the removed versions (empty when the key did not exist)
     * @throws MetadataException NO_SUCH_BUCKET
     */
    List<ObjectVersion> deleteObject(String bucket, String key) throws MetadataException;

    /**
     * Lists the latest versions of keys. A common prefix is skipped with one seek past it, never by walking
     * its keys; a key with several versions costs one seek, not one step per version.
     *
     * @throws MetadataException NO_SUCH_BUCKET
     */
    ListPage listObjects(String bucket, ListQuery query) throws MetadataException;

    /** Every data id that some version refers to; used at start-up to find orphaned data files. */
    void forEachDataId(java.util.function.Consumer<String> consumer);

    @Override
    void close();
}
