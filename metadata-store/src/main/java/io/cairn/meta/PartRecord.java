package io.cairn.meta;

import java.time.Instant;
import java.util.Map;

/**
 * An uploaded part of an upload in progress.
 *
 * @param partNumber   1..10000
 * @param size         bytes
 * @param etag         MD5 hex of the part, without quotes
 * @param lastModified when it was uploaded
 * @param dataId       its data file
 * @param checksums    its flexible checksums, algorithm name to base64
 */
public record PartRecord(int partNumber, long size, String etag, Instant lastModified, String dataId,
                         Map<String, String> checksums) {

    public PartRef toRef() {
        return new PartRef(partNumber, size, etag, dataId, checksums);
    }
}
