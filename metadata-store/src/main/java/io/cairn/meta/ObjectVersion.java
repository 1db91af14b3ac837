package io.cairn.meta;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version of an object (in an unversioned bucket, the only one: version id "null").
 *
 * @param key          the object key
 * @param versionId    the version id; "null" in unversioned and suspended buckets. The store assigns it at
 *                     commit from the bucket's versioning state: whatever a caller puts here is replaced.
 * @param deleteMarker true for a delete marker (no data)
 * @param size         content length in bytes
 * @param etag         the ETag without quotes ({@code md5hex} or {@code md5-of-part-md5s-N} for multipart)
 * @param lastModified when it was written
 * @param headers      stored response headers: content-type, cache-control, content-disposition,
 *                     content-encoding, content-language, expires and x-amz-meta-* (names lower case, in order)
 * @param checksums    flexible checksums, algorithm name (e.g. CRC32) to base64 value (for multipart objects,
 *                     the composite value {@code base64-N})
 * @param dataId       the internal id of the data file, null when inline, multipart or a delete marker
 * @param inline       the content itself for small objects, null otherwise
 * @param owner        the access key that wrote it
 * @param parts        for a multipart object, its parts in order (their data files hold the content); else empty
 * @param encryption   server-side encryption of the content (mode, sealed data key, ...), opaque to the store and
 *                     interpreted by the server; empty when the content is stored in the clear
 * @param tags         the object's tags (S3 object tagging), in the order given; empty when none
 * @param tier         where the content lives when it is not local: the remote tier and the state of a
 *                     transition or restore, opaque to the store and interpreted by the tiering code; empty for
 *                     content stored here
 */
public record ObjectVersion(String key, String versionId, boolean deleteMarker, long size, String etag,
                            Instant lastModified, Map<String, String> headers, Map<String, String> checksums,
                            String dataId, byte[] inline, String owner, List<PartRef> parts,
                            Map<String, String> encryption, Map<String, String> tags, Map<String, String> tier) {

    public static final String NULL_VERSION = "null";

    public ObjectVersion {
        parts = parts == null ? List.of() : List.copyOf(parts);
        encryption = encryption == null ? Map.of() : encryption;
        tags = tags == null ? Map.of() : tags;
        tier = tier == null ? Map.of() : tier;
    }

    /** An untagged version stored here (the form every caller used before tagging and tiering). */
    public ObjectVersion(String key, String versionId, boolean deleteMarker, long size, String etag,
                         Instant lastModified, Map<String, String> headers, Map<String, String> checksums,
                         String dataId, byte[] inline, String owner, List<PartRef> parts,
                         Map<String, String> encryption) {
        this(key, versionId, deleteMarker, size, etag, lastModified, headers, checksums, dataId, inline, owner, parts,
                encryption, Map.of(), Map.of());
    }

    /** An unencrypted version (the form every caller used before server-side encryption). */
    public ObjectVersion(String key, String versionId, boolean deleteMarker, long size, String etag,
                         Instant lastModified, Map<String, String> headers, Map<String, String> checksums,
                         String dataId, byte[] inline, String owner, List<PartRef> parts) {
        this(key, versionId, deleteMarker, size, etag, lastModified, headers, checksums, dataId, inline, owner, parts,
                Map.of());
    }

    public boolean encrypted() {
        return !encryption.isEmpty();
    }

    /** True when the content was moved to a remote tier (a local copy may still exist while restored). */
    public boolean transitioned() {
        return !tier.isEmpty();
    }

    public boolean isMultipart() {
        return !parts.isEmpty();
    }

    /**
     * Every data file this version owns (its own, or its parts'). Parts of a multipart version whose content is only
     * on a remote tier keep their sizes for ranges but have no data file.
     */
    public List<String> dataIds() {
        if (dataId != null) {
            return List.of(dataId);
        }
        return parts.stream().map(PartRef::dataId).filter(java.util.Objects::nonNull).toList();
    }

    /** A copy carrying the version id the store assigned. */
    public ObjectVersion withVersionId(String id) {
        return new ObjectVersion(key, id, deleteMarker, size, etag, lastModified, headers, checksums, dataId, inline,
                owner, parts, encryption, tags, tier);
    }

    /** A copy whose encryption record is replaced (re-sealing a data key under a new key-encryption key). */
    public ObjectVersion withEncryption(Map<String, String> e) {
        return new ObjectVersion(key, versionId, deleteMarker, size, etag, lastModified, headers, checksums, dataId,
                inline, owner, parts, e, tags, tier);
    }

    /** A copy with other tags (PutObjectTagging, DeleteObjectTagging). */
    public ObjectVersion withTags(Map<String, String> t) {
        return new ObjectVersion(key, versionId, deleteMarker, size, etag, lastModified, headers, checksums, dataId,
                inline, owner, parts, encryption, t, tier);
    }

    /**
     * A copy whose content location changes: {@code newTier} describes the remote copy (empty: content local), and
     * the local content is {@code newDataId} / {@code newInline} / {@code newParts} (null once the only copy is
     * remote; a multipart version keeps its parts, without data ids, so part numbers and sizes still answer). Size,
     * ETag and checksums stay: they describe the content, wherever it is.
     */
    public ObjectVersion withLocation(Map<String, String> newTier, String newDataId, byte[] newInline,
                                      List<PartRef> newParts) {
        return new ObjectVersion(key, versionId, deleteMarker, size, etag, lastModified, headers, checksums,
                newDataId, newInline, owner, newParts, encryption, tags, newTier);
    }

    /** A delete marker for {@code key}. */
    public static ObjectVersion deleteMarker(String key, Instant at, String owner) {
        return new ObjectVersion(key, NULL_VERSION, true, 0, "", at, Map.of(), Map.of(), null, null, owner,
                List.of());
    }
}
