package io.cairn.meta;

import java.util.List;

/**
 * A page of ListObjectVersions, in S3's order: keys ascending, each key's versions newest first.
 *
 * @param versions            versions and delete markers, each with whether it is the key's latest; inline
 *                            content is left out (an inline version's {@code inline} is empty)
 * @param commonPrefixes      rolled-up prefixes
 * @param truncated           more entries follow
 * @param nextKeyMarker       when truncated: the key of the last entry (or the last common prefix)
 * @param nextVersionIdMarker when truncated and the last entry is a version: its version id, else null
 */
public record VersionPage(List<Entry> versions, List<String> commonPrefixes, boolean truncated,
                          String nextKeyMarker, String nextVersionIdMarker) {

    public record Entry(ObjectVersion version, boolean latest) {
    }
}
