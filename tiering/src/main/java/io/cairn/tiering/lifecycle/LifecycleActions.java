package io.cairn.tiering.lifecycle;

import io.cairn.meta.BucketRecord;
import io.cairn.meta.MetadataException;
import io.cairn.meta.ObjectVersion;
import io.cairn.meta.UploadRecord;

import java.util.Objects;

/**
 * The work the scanner's decisions lead to, done by the server (it owns the data files). Every method is one
 * atomic metadata commit that applies only if the object is still as the scanner saw it, so a write racing the
 * scanner always wins; data is freed only after the commit.
 */
public interface LifecycleActions {

    /**
     * Expires the current version of its key as S3 does for the bucket's versioning state (unversioned: removed;
     * enabled: a delete marker on top; suspended: a "null" delete marker replacing the "null" version), if
     * {@code current} is still the key's newest version.
     *
     * @return whether it was done (false: the key changed meanwhile)
     * @throws MetadataException NO_SUCH_BUCKET
     */
    boolean expireCurrent(BucketRecord bucket, ObjectVersion current) throws MetadataException;

    /**
     * Removes a noncurrent version (or delete marker) for good, if it is still stored as seen and still noncurrent.
     *
     * @throws MetadataException NO_SUCH_BUCKET
     */
    boolean removeNoncurrent(BucketRecord bucket, ObjectVersion version) throws MetadataException;

    /**
     * Removes a delete marker that was its key's only version, if it still is the key's newest version (versions
     * are only ever added on top, so it is then still the only one).
     *
     * @throws MetadataException NO_SUCH_BUCKET
     */
    boolean removeLoneDeleteMarker(BucketRecord bucket, ObjectVersion marker) throws MetadataException;

    /**
     * Aborts an incomplete multipart upload and frees its parts.
     *
     * @return false when it was completed or aborted meanwhile
     * @throws MetadataException NO_SUCH_BUCKET
     */
    boolean abortUpload(BucketRecord bucket, UploadRecord upload) throws MetadataException;

    /**
     * Moves a version's content to the tier named (a rule's storage class), if it is still as the scanner saw it.
     * A tier that fails or backs off is {@link TransitionResult#DEFERRED}, never an error: a later pass retries.
     *
     * @throws MetadataException NO_SUCH_BUCKET
     */
    TransitionResult transition(BucketRecord bucket, ObjectVersion version, String tier) throws MetadataException;

    /**
     * Whether {@code stored} is still the version {@code seen} was read as: a "null" version id is reused by every
     * overwrite in unversioned and suspended buckets, so the id alone does not tell. Last-Modified (nanoseconds,
     * never decreasing along a key) with the content's identity does.
     */
    static boolean unchanged(ObjectVersion seen, ObjectVersion stored) {
        return seen.versionId().equals(stored.versionId()) && seen.deleteMarker() == stored.deleteMarker()
                && seen.lastModified().equals(stored.lastModified()) && seen.size() == stored.size()
                && Objects.equals(seen.etag(), stored.etag()) && Objects.equals(seen.dataId(), stored.dataId());
    }
}
