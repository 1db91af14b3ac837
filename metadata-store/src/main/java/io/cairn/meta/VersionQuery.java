package io.cairn.meta;

/**
 * A ListObjectVersions request.
 *
 * @param prefix          only keys starting with it ("" for all)
 * @param delimiter       roll keys up to common prefixes; null or "" for none
 * @param keyMarker       start after this key (null for the beginning); with versionIdMarker, start after that
 *                        version of this key instead
 * @param versionIdMarker the version of keyMarker to start after (null: start after all versions of keyMarker)
 * @param maxKeys         versions, markers and common prefixes to return at most
 */
public record VersionQuery(String prefix, String delimiter, String keyMarker, String versionIdMarker, int maxKeys) {
}
