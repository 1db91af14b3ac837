package io.cairn.meta;

import java.util.List;

/**
 * A page of ListMultipartUploads.
 *
 * @param nextKeyMarker      when truncated: the key of the last upload (or the last common prefix)
 * @param nextUploadIdMarker when truncated and the last entry is an upload: its id
 */
public record UploadPage(List<UploadRecord> uploads, List<String> commonPrefixes, boolean truncated,
                         String nextKeyMarker, String nextUploadIdMarker) {
}
