package io.cairn.meta;

import java.util.Arrays;

/**
 * How a listing's prefix and delimiter group keys: a key with the prefix either stands for itself or rolls up
 * into the common prefix that ends at the first delimiter after the prefix. Works on UTF-8 bytes, the order in
 * which keys are stored and S3 lists them.
 *
 * <p>No stored key contains U+0000, so a prefix containing it matches nothing and a delimiter containing it
 * never occurs.
 */
final class KeyGrouping {

    private final byte[] prefix;
    private final byte[] delimiter;
    private final boolean matchesNothing;

    KeyGrouping(String prefix, String delimiter) {
        String p = prefix == null ? "" : prefix;
        String d = delimiter == null ? "" : delimiter;
        this.matchesNothing = p.indexOf('\0') >= 0;
        this.prefix = KeyCodec.utf8(p);
        this.delimiter = d.indexOf('\0') >= 0 ? new byte[0] : KeyCodec.utf8(d);
    }

    byte[] prefix() {
        return prefix;
    }

    boolean matchesNothing() {
        return matchesNothing;
    }

    /** Length of the common prefix {@code key} (which has the prefix) rolls up into, or -1 when it stands alone. */
    int commonPrefixLength(byte[] key) {
        if (delimiter.length == 0) {
            return -1;
        }
        int at = indexOf(key, delimiter, prefix.length);
        return at < 0 ? -1 : at + delimiter.length;
    }

    /**
     * The common prefix a resume marker lies in, or null. Every key of that group rolls up into a prefix sorting
     * at or before the marker, which an earlier page therefore returned: a listing resumes after the whole group.
     */
    byte[] groupOf(byte[] marker) {
        if (!startsWith(marker, 0, prefix)) {
            return null;
        }
        int length = commonPrefixLength(marker);
        return length < 0 ? null : Arrays.copyOf(marker, length);
    }

    /**
     * A resume marker as the bytes to compare stored keys with, or null for "from the start". Stored keys never
     * contain U+0000, so "after s" equals "after s cut at its first U+0000".
     */
    static byte[] markerBytes(String marker) {
        if (marker == null) {
            return null;
        }
        int nul = marker.indexOf('\0');
        String cut = nul >= 0 ? marker.substring(0, nul) : marker;
        return cut.isEmpty() ? null : KeyCodec.utf8(cut);
    }

    /** Whether cutting at U+0000 changed the marker: the marker then names no key that can exist. */
    static boolean namesNoKey(String marker) {
        return marker != null && marker.indexOf('\0') >= 0;
    }

    static boolean startsWith(byte[] bytes, int offset, byte[] head) {
        return bytes.length - offset >= head.length
                && Arrays.equals(bytes, offset, offset + head.length, head, 0, head.length);
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        for (int i = from, end = haystack.length - needle.length; i <= end; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }
}
