package io.cairn.meta;

import java.time.Instant;
import java.util.Map;

/**
 * One version of an object (in an unversioned bucket, the only one: version id "null").
 *
 * @param key          the object key
 * @param versionId    "null" in unversioned buckets
 * @param deleteMarker true for a delete marker (no data)
 * @param size         content length in bytes
 * @param etag         the ETag without quotes
 * @param lastModified when it was written
 * @param headers      stored response headers: content-type, cache-control, content-disposition,
 *                     content-encoding, content-language, expires and x-amz-meta-* (names lower case, in order)
 * @param checksums    flexible checksums, algorithm name (e.g. CRC32) to base64 value
 * @param dataId       the internal id of the data file, null when inline or a delete marker
 * @param inline       the content itself for small objects, null otherwise
 * @param owner        the access key that wrote it
 */
public record ObjectVersion(String key, String versionId, boolean deleteMarker, long size, String etag,
                            Instant lastModified, Map<String, String> headers, Map<String, String> checksums,
                            String dataId, byte[] inline, String owner) {

    public static final String NULL_VERSION = "null";
}
