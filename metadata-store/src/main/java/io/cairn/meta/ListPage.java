package io.cairn.meta;

import java.util.List;

/**
 * A page of a listing.
 *
 * @param objects        latest versions of the listed keys (delete markers never appear), key order; an inline
 *                       object's content is left out (its {@code inline} is empty, not its content)
 * @param commonPrefixes rolled-up prefixes, in order
 * @param truncated      more entries follow
 * @param nextMarker     the last key or common prefix in this page (whichever sorts last), null when empty
 */
public record ListPage(List<ObjectVersion> objects, List<String> commonPrefixes, boolean truncated,
                       String nextMarker) {
}
