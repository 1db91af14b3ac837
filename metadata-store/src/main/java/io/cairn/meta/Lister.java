package io.cairn.meta;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.RocksDBException;

/**
 * One page of an S3-style listing over a bucket's range of the {@code objects} column family.
 *
 * <p>Semantics: a listing is the ordered sequence of <em>entries</em>, where an entry is either a live key
 * (newest version not a delete marker) with the prefix, or a common prefix (prefix + the rest of a live key up
 * to and including the first delimiter after the prefix). A page holds the first {@code maxKeys} entries that
 * sort strictly after {@code startAfter}, in UTF-8 byte order. A common prefix that is itself {@code <=
 * startAfter} is never returned again, which is what makes the last entry of a page a valid resume marker.
 *
 * <p>Cost: one seek per common prefix (to {@code prefix | 0xFF}) and at most one step plus one seek per key
 * (the step is enough when the key has a single version, the unversioned case).
 */
final class Lister {

    private final long bucketId;
    private final KeyGrouping grouping;
    private final byte[] startAfter;
    private final int maxKeys;

    Lister(long bucketId, ListQuery query) {
        if (query.maxKeys() < 0) {
            throw new IllegalArgumentException("maxKeys must not be negative: " + query.maxKeys());
        }
        this.bucketId = bucketId;
        this.maxKeys = query.maxKeys();
        this.grouping = new KeyGrouping(query.prefix(), query.delimiter());
        this.startAfter = KeyGrouping.markerBytes(query.startAfter());
    }

    /** The exclusive upper bound the cursor must be opened with: nothing past the prefix is ever read. */
    byte[] upperBound() {
        return KeyCodec.afterPrefix(bucketId, grouping.prefix());
    }

    ListPage list(Cursor c) throws RocksDBException {
        if (maxKeys == 0 || grouping.matchesNothing()) {
            return new ListPage(List.of(), List.of(), false, null);
        }
        List<ObjectVersion> objects = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String last = null;
        boolean truncated = false;
        int count = 0;
        c.seek(start());
        while (c.isValid()) {
            byte[] key = KeyCodec.userKey(c.key());
            int cpLength = grouping.commonPrefixLength(key);
            if (cpLength >= 0) {
                byte[] cp = Arrays.copyOf(key, cpLength);
                if (hasLiveKey(c, cp)) {
                    if (count == maxKeys) {
                        truncated = true;
                        break;
                    }
                    last = new String(cp, StandardCharsets.UTF_8);
                    prefixes.add(last);
                    count++;
                }
                c.seek(KeyCodec.afterPrefix(bucketId, cp));
                continue;
            }
            byte[] value = c.valueBuffer();
            if (!RecordCodec.isDeleteMarker(value, c.valueLength())) {
                if (count == maxKeys) {
                    truncated = true;
                    break;
                }
                ObjectVersion v = RecordCodec.decodeListed(value, c.valueLength()).version();
                objects.add(v);
                last = v.key();
                count++;
            }
            skipOlderVersions(c, key);
        }
        c.checkStatus();
        return new ListPage(List.copyOf(objects), List.copyOf(prefixes), truncated, last);
    }

    private byte[] start() {
        byte[] start = KeyCodec.prefixStart(bucketId, grouping.prefix());
        if (startAfter == null) {
            return start;
        }
        byte[] group = grouping.groupOf(startAfter);
        byte[] resume = group != null
                ? KeyCodec.afterPrefix(bucketId, group)
                : KeyCodec.afterVersions(bucketId, startAfter);
        return Arrays.compareUnsigned(resume, start) > 0 ? resume : start;
    }

    /**
     * Whether the group under {@code cp} holds a key whose newest version is not a delete marker. Looks only
     * as far as the first such key, normally the very first one.
     */
    private boolean hasLiveKey(Cursor c, byte[] cp) {
        while (c.isValid()) {
            byte[] raw = c.key();
            if (!KeyGrouping.startsWith(raw, KeyCodec.ID_BYTES, cp)) {
                return false;
            }
            byte[] value = c.valueBuffer();
            if (!RecordCodec.isDeleteMarker(value, c.valueLength())) {
                return true;
            }
            skipOlderVersions(c, KeyCodec.userKey(raw));
        }
        return false;
    }

    /** One step suffices for a key with one version; only then is a seek worth its cost. */
    private void skipOlderVersions(Cursor c, byte[] key) {
        c.next();
        if (c.isValid() && KeyCodec.isVersionOf(c.key(), bucketId, key)) {
            c.seek(KeyCodec.afterVersions(bucketId, key));
        }
    }
}
