package io.cairn.bench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The objects the mixed scenario may read or delete. A DELETE never picks an object a GET or STAT is reading
 * (and readers never see one being deleted), so every 404 a mixed run reports is the server's fault, not a
 * race the generator made. One lock: its hold time is a few field updates, far below a request's cost.
 */
public final class KeyPool {
    /** How many random picks a DELETE tries before giving up on finding an object nobody reads. */
    private static final int DELETE_ATTEMPTS = 8;

    private final List<Entry> entries = new ArrayList<>();

    /** An object in the pool. Fields are guarded by the pool's lock. */
    public static final class Entry {
        private final String key;
        private final long size;
        private int index;
        private int readers;

        private Entry(String key, long size) {
            this.key = key;
            this.size = size;
        }

        public String key() {
            return key;
        }

        public long size() {
            return size;
        }
    }

    public synchronized void add(String key, long size) {
        Entry e = new Entry(key, size);
        e.index = entries.size();
        entries.add(e);
    }

    public synchronized int size() {
        return entries.size();
    }

    /** A random object to read, marked as being read; null when the pool is empty. */
    public synchronized Entry acquireForRead(RandomGenerator random) {
        if (entries.isEmpty()) {
            return null;
        }
        Entry e = entries.get(random.nextInt(entries.size()));
        e.readers++;
        return e;
    }

    public synchronized void releaseRead(Entry e) {
        e.readers--;
    }

    /** A random object nobody reads, removed from the pool; null when none was found. */
    public synchronized Entry takeForDelete(RandomGenerator random) {
        for (int attempt = 0; attempt < DELETE_ATTEMPTS && !entries.isEmpty(); attempt++) {
            Entry e = entries.get(random.nextInt(entries.size()));
            if (e.readers == 0) {
                Entry last = entries.remove(entries.size() - 1);
                if (last != e) {
                    last.index = e.index;
                    entries.set(e.index, last);
                }
                return e;
            }
        }
        return null;
    }
}
