package io.cairn.meta;

import java.util.Map;

/**
 * One part of a completed multipart object, in object order: where its bytes are and what it was.
 *
 * @param partNumber the part number the client gave it (1..10000; numbers may have gaps)
 * @param size       bytes
 * @param etag       the part's ETag (MD5 hex of its content), without quotes
 * @param dataId     the data file holding the part; null while the object's content is only on a remote tier
 * @param checksums  the part's flexible checksums, algorithm name to base64
 */
public record PartRef(int partNumber, long size, String etag, String dataId, Map<String, String> checksums) {
}
