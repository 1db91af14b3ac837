package io.cairn.meta;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rocksdb.RocksDBException;

/**
 * The walk behind ListObjectVersions and ListMultipartUploads: from where the cursor stands to its upper bound,
 * every record is an entry of its own, except that all records of keys rolling up into one common prefix make a
 * single entry, passed with one seek. Unlike {@link Lister}, no record is ever hidden, so any record under a
 * prefix proves the prefix is an entry.
 */
final class GroupedWalk {

    /** Turns one record into an entry; called in key order. */
    interface Reader<T> {
        T read(byte[] userKey, byte[] value);
    }

    /** Where a record's object key is in its RocksDB key. */
    interface KeyOf {
        byte[] userKey(byte[] raw);
    }

    /**
     * @param lastItem   the last entry when it is a record, else null
     * @param lastPrefix the last entry when it is a common prefix, else null
     */
    record Result<T>(List<T> items, List<String> prefixes, boolean truncated, T lastItem, String lastPrefix) {
    }

    private GroupedWalk() {
    }

    static <T> Result<T> walk(Cursor c, long bucketId, KeyGrouping grouping, int max, KeyOf keyOf,
                              Reader<T> reader) throws RocksDBException {
        List<T> items = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        T lastItem = null;
        String lastPrefix = null;
        boolean truncated = false;
        for (int count = 0; c.isValid(); count++) {
            if (count == max) {
                truncated = true;
                break;
            }
            byte[] key = keyOf.userKey(c.key());
            int cpLength = grouping.commonPrefixLength(key);
            if (cpLength >= 0) {
                byte[] cp = Arrays.copyOf(key, cpLength);
                lastPrefix = new String(cp, StandardCharsets.UTF_8);
                lastItem = null;
                prefixes.add(lastPrefix);
                c.seek(KeyCodec.afterPrefix(bucketId, cp));
            } else {
                lastItem = reader.read(key, c.value());
                lastPrefix = null;
                items.add(lastItem);
                c.next();
            }
        }
        c.checkStatus();
        return new Result<>(List.copyOf(items), List.copyOf(prefixes), truncated, lastItem, lastPrefix);
    }
}
