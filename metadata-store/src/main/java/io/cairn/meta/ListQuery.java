package io.cairn.meta;

/**
 * A listing request.
 *
 * @param prefix     only keys starting with it ("" for all)
 * @param delimiter  roll keys up to common prefixes at the first delimiter after the prefix; null or "" for none
 * @param startAfter list only keys strictly after it; null for the start. When it ends with the delimiter (a
 *                   common prefix returned by a previous page), every key under it is skipped too.
 * @param maxKeys    keys plus common prefixes to return at most (0 returns nothing, not truncated)
 */
public record ListQuery(String prefix, String delimiter, String startAfter, int maxKeys) {
}
