package io.cairn.meta;

/**
 * A ListMultipartUploads request: uploads ordered by key, then by initiation time (oldest first, as S3).
 *
 * @param prefix         only keys starting with it ("" for all)
 * @param delimiter      roll keys up to common prefixes; null or "" for none
 * @param keyMarker      start after this key (null for the beginning); with uploadIdMarker, after that upload
 *                       of this key instead
 * @param uploadIdMarker the upload of keyMarker to start after, or null
 * @param maxUploads     uploads and common prefixes to return at most
 */
public record UploadQuery(String prefix, String delimiter, String keyMarker, String uploadIdMarker, int maxUploads) {
}
