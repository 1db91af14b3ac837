package io.cairn.meta;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;

/**
 * The remote-tier bookkeeping kept in the {@code system} column family: the queue of remote copies to delete
 * ({@code remote-delete/<id>}) and the expiry dates of restored copies
 * ({@code restore-expiry/<bucket> 0x00 <key> 0x00 <versionId>}, so one version has at most one entry).
 *
 * <p>Queue ids: {@code v<hex of the removed version's RocksDB key>} for versions removed for good (unique: a
 * version is removed once, and its key holds a never-reused bucket id and a stamp), {@code q<hex stamp>} for entries
 * queued explicitly.
 */
final class TierBookkeeping {
    private static final byte[] DELETION_PREFIX = KeyCodec.utf8("remote-delete/");
    private static final byte[] DELETION_END = KeyCodec.utf8("remote-delete0");
    private static final byte[] EXPIRY_PREFIX = KeyCodec.utf8("restore-expiry/");
    private static final byte[] EXPIRY_END = KeyCodec.utf8("restore-expiry0");
    private static final HexFormat HEX = HexFormat.of();

    private final RocksHandles rocks;
    private final VersionClock clock;
    /** Makes the compare-and-delete of an expiry entry one step against a concurrent replacement. */
    private final ReentrantLock expiries = new ReentrantLock();

    TierBookkeeping(RocksHandles rocks, VersionClock clock) {
        this.rocks = rocks;
        this.clock = clock;
    }

    /** Adds a deletion entry to {@code batch} for every removed version whose content has a remote copy. */
    void queueRemoved(WriteBatch batch, String bucket, List<KeyVersions.Found> removed) throws RocksDBException {
        for (KeyVersions.Found f : removed) {
            ObjectVersion v = f.version();
            if (v.transitioned()) {
                batch.put(rocks.system(), deletionKey("v" + HEX.formatHex(f.rawKey())),
                        RecordCodec.encodeRemoteDeletion(bucket, v.key(), v.versionId(), v.tier()));
            }
        }
    }

    RemoteDeletion queue(String bucket, String key, String versionId, java.util.Map<String, String> tier)
            throws RocksDBException {
        String id = "q" + HEX.formatHex(KeyCodec.longBytes(clock.next(0)));
        rocks.put(rocks.system(), deletionKey(id),
                RecordCodec.encodeRemoteDeletion(bucket, key, versionId, tier));
        return new RemoteDeletion(id, bucket, key, versionId, tier);
    }

    List<RemoteDeletion> deletions(String afterId, int max) throws RocksDBException {
        List<RemoteDeletion> out = new ArrayList<>();
        byte[] from = afterId == null ? DELETION_PREFIX : successor(deletionKey(afterId));
        try (Slice end = new Slice(DELETION_END);
             ReadOptions options = new ReadOptions().setIterateUpperBound(end);
             RocksIterator it = rocks.db().newIterator(rocks.system(), options)) {
            for (it.seek(from); it.isValid() && out.size() < max; it.next()) {
                byte[] k = it.key();
                String id = new String(k, DELETION_PREFIX.length, k.length - DELETION_PREFIX.length,
                        java.nio.charset.StandardCharsets.US_ASCII);
                out.add(RecordCodec.decodeRemoteDeletion(id, it.value()));
            }
            it.status();
        }
        return out;
    }

    void done(String id) throws RocksDBException {
        rocks.delete(rocks.system(), deletionKey(id));
    }

    void putExpiry(RestoreExpiry e) throws RocksDBException {
        expiries.lock();
        try {
            rocks.put(rocks.system(), expiryKey(e), RecordCodec.encodeRestoreExpiry(e));
        } finally {
            expiries.unlock();
        }
    }

    List<RestoreExpiry> expiries() throws RocksDBException {
        List<RestoreExpiry> out = new ArrayList<>();
        try (Slice end = new Slice(EXPIRY_END);
             ReadOptions options = new ReadOptions().setIterateUpperBound(end);
             RocksIterator it = rocks.db().newIterator(rocks.system(), options)) {
            for (it.seek(EXPIRY_PREFIX); it.isValid(); it.next()) {
                out.add(RecordCodec.decodeRestoreExpiry(it.value()));
            }
            it.status();
        }
        return out;
    }

    boolean removeExpiry(RestoreExpiry e) throws RocksDBException {
        expiries.lock();
        try {
            byte[] k = expiryKey(e);
            byte[] stored = rocks.db().get(rocks.system(), k);
            if (stored == null || !RecordCodec.decodeRestoreExpiry(stored).equals(e)) {
                return false;
            }
            rocks.delete(rocks.system(), k);
            return true;
        } finally {
            expiries.unlock();
        }
    }

    private static byte[] deletionKey(String id) {
        return concat(DELETION_PREFIX, KeyCodec.utf8(id));
    }

    private static byte[] expiryKey(RestoreExpiry e) {
        return concat(EXPIRY_PREFIX, KeyCodec.utf8(e.bucket() + '\0' + e.key() + '\0' + e.versionId()));
    }

    private static byte[] successor(byte[] k) {
        return Arrays.copyOf(k, k.length + 1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
