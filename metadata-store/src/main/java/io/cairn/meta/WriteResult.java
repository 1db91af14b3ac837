package io.cairn.meta;

import java.util.List;

/**
 * What a committed write did.
 *
 * @param written   the version it created (with its assigned version id), or null when it created none
 * @param displaced versions it removed for good; their data files are now the caller's to free
 */
public record WriteResult(ObjectVersion written, List<ObjectVersion> displaced) {
}
