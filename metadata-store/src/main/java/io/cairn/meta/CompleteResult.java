package io.cairn.meta;

import java.util.List;

/**
 * What CompleteMultipartUpload committed.
 *
 * @param write       the version written and the versions it displaced
 * @param unusedParts parts of the upload that the completion did not include; their data is the caller's to free
 */
public record CompleteResult(WriteResult write, List<PartRecord> unusedParts) {
}
