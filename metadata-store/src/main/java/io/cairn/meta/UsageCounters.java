package io.cairn.meta;

import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Objects and bytes per bucket, counted once when the store opens and then moved by every commit that adds or
 * removes versions, so monitoring never scans. Commits of one key are serialised by its lock and bucket creation
 * and deletion by the catalog, so the counts equal what a scan would find whenever no commit is half done.
 */
final class UsageCounters {
    private static final class Counts {
        final AtomicLong objects = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();

        void add(ObjectVersion v, int sign) {
            if (v != null && !v.deleteMarker()) {
                objects.addAndGet(sign);
                bytes.addAndGet(sign * v.size());
            }
        }
    }

    private final ConcurrentHashMap<String, Counts> buckets = new ConcurrentHashMap<>();

    /** One pass over every bucket and version record (delete markers are recognised without decoding). */
    static UsageCounters count(RocksHandles rocks) throws RocksDBException {
        UsageCounters usage = new UsageCounters();
        Map<Long, Counts> byId = new HashMap<>();
        try (ReadOptions options = new ReadOptions().setFillCache(false)) {
            try (RocksIterator it = rocks.db().newIterator(rocks.buckets(), options)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    BucketRecord b = RecordCodec.decodeBucket(it.value());
                    Counts c = new Counts();
                    usage.buckets.put(b.name(), c);
                    byId.put(b.id(), c);
                }
                it.status();
            }
            try (RocksIterator it = rocks.db().newIterator(rocks.objects(), options)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    // Versions under the id of a bucket that no longer exists are leftovers nobody can list.
                    Counts c = byId.get(KeyCodec.bucketId(it.key()));
                    byte[] value = it.value();
                    if (c != null && !RecordCodec.isDeleteMarker(value)) {
                        c.add(RecordCodec.decodeListed(value, value.length).version(), 1);
                    }
                }
                it.status();
            }
        }
        return usage;
    }

    void created(String bucket) {
        buckets.put(bucket, new Counts());
    }

    void deleted(String bucket) {
        buckets.remove(bucket);
    }

    /** A commit wrote {@code written} (may be null) and removed {@code removed} for good. */
    void committed(String bucket, ObjectVersion written, List<ObjectVersion> removed) {
        Counts c = buckets.computeIfAbsent(bucket, b -> new Counts());
        c.add(written, 1);
        for (ObjectVersion v : removed) {
            c.add(v, -1);
        }
    }

    /** A version was rewritten in place. */
    void replaced(String bucket, ObjectVersion before, ObjectVersion after) {
        Counts c = buckets.computeIfAbsent(bucket, b -> new Counts());
        c.add(before, -1);
        c.add(after, 1);
    }

    Map<String, BucketUsage> snapshot() {
        Map<String, BucketUsage> all = new TreeMap<>();
        buckets.forEach((name, c) -> all.put(name, new BucketUsage(c.objects.get(), c.bytes.get())));
        return all;
    }
}
