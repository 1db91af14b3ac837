package io.cairn.meta;

import java.util.Arrays;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Fills the {@code current} column family (each key's newest stamp) of a store written before it existed: one pass
 * over the objects in key order, where a key's first entry is its newest version. A marker in the system family,
 * written with the last batch, says the pass is complete; a pass cut short runs again at the next open (its
 * entries are idempotent). It runs while the store opens, before any request.
 */
final class CurrentIndex {

    static final byte[] BUILT = KeyCodec.utf8("current-index-built");
    private static final int ENTRIES_PER_BATCH = 10_000;

    private CurrentIndex() {
    }

    static void ensureBuilt(RocksHandles rocks) throws RocksDBException {
        if (rocks.db().get(rocks.system(), BUILT) != null) {
            return;
        }
        long entries = 0;
        try (ReadOptions options = new ReadOptions().setFillCache(false);
             RocksIterator it = rocks.db().newIterator(rocks.objects(), options);
             WriteBatch batch = new WriteBatch()) {
            byte[] previous = null;
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] raw = it.key();
                byte[] pointer = Arrays.copyOf(raw, raw.length - 1 - KeyCodec.STAMP_BYTES);
                if (Arrays.equals(pointer, previous)) {
                    continue;
                }
                previous = pointer;
                batch.put(rocks.current(), pointer, KeyCodec.longBytes(KeyCodec.stamp(raw)));
                if (++entries % ENTRIES_PER_BATCH == 0) {
                    rocks.write(batch);
                    batch.clear();
                }
            }
            it.status();
            batch.put(rocks.system(), BUILT, new byte[] {1});
            rocks.write(batch);
        }
        if (entries > 0) {
            System.getLogger(CurrentIndex.class.getName()).log(System.Logger.Level.INFO,
                    "indexed the newest version of {0} keys (store written by an earlier release)", entries);
        }
    }
}
