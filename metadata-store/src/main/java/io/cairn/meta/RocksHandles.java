package io.cairn.meta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The metadata database as the store uses it: the copy every read goes to and every commit is written to first
 * (the primary), and in a replicated store the copies on other drives that take every batch after it (mirrors).
 * When the primary's drive fails, {@link #failOver} makes a mirror the primary; callers therefore look the
 * database and its column families up for each operation ({@link #db()}, {@link #objects()}, ...) and must not
 * keep them across one, and the store runs no operation while it fails over.
 */
final class RocksHandles implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RocksHandles.class.getName());
    private static final int BATCH_HEADER = 12;

    /** Written by {@link #failOver} only, while no operation runs; volatile for the readers that come after. */
    private volatile RocksCopy primary;
    /** Copies on other drives that receive every batch after the primary, in the same order (see write). */
    private final List<RocksCopy> mirrors = new CopyOnWriteArrayList<>();
    /** Set once for a replicated store: from then on every write goes through the group writer. */
    private volatile boolean replicated;
    /** Set when the primary refused a write (its drive failed): the store fails over before it goes on. */
    private volatile boolean primaryFailed;
    /** How many times the primary moved to a mirror since open (see {@link #moves}). */
    private volatile long moves;
    /** Held while a group is written and while mirrors are added or dropped. */
    private final ReentrantLock replication = new ReentrantLock();
    /** Commits waiting for the group writer (also its monitor); {@link #leading} is guarded by it. */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean leading;

    RocksHandles(RocksCopy primary) {
        this.primary = primary;
    }

    /** A store of one copy, not replicated. */
    static RocksHandles open(Path dir) throws IOException, RocksDBException {
        return new RocksHandles(RocksCopy.open(dir));
    }

    /** The primary's directory. */
    Path dir() {
        return primary.dir;
    }

    RocksDB db() {
        return primary.db;
    }

    ColumnFamilyHandle buckets() {
        return primary.buckets;
    }

    ColumnFamilyHandle objects() {
        return primary.objects;
    }

    ColumnFamilyHandle uploads() {
        return primary.uploads;
    }

    ColumnFamilyHandle parts() {
        return primary.parts;
    }

    ColumnFamilyHandle system() {
        return primary.system;
    }

    ColumnFamilyHandle current() {
        return primary.current;
    }

    /** RocksDB's default reads (any tier). */
    ReadOptions defaultRead() {
        return primary.defaultRead;
    }

    /** Reads that answer only from memtables and the block cache; a read needing the disk fails "Incomplete". */
    ReadOptions memoryOnly() {
        return primary.memoryOnly;
    }

    /**
     * Commits a batch durably. In a replicated store the batch goes to the primary and then to every mirror, in the
     * same order everywhere, so copies that took the same batches have the same latest sequence number and equal
     * sequence numbers mean equal content (how {@link MetadataReplicas} tells which copy is newest). Group commit:
     * one writer at a time leads and writes every batch queued meanwhile, merged into one, to each copy, so
     * concurrent commits share fsyncs as RocksDB's own group commit lets them on one copy. A group the primary
     * refuses fails all its commits, is not sent to the mirrors and marks the primary failed ({@link #failOver});
     * a mirror that fails is dropped (and rebuilt when its drive is back or at the next start).
     */
    void write(WriteBatch batch) throws RocksDBException {
        if (!replicated) {
            primary.write(batch);
            return;
        }
        Pending mine = new Pending(batch);
        List<Pending> group;
        synchronized (queue) {
            queue.add(mine);
            boolean interrupted = false;
            while (!mine.done && leading) {
                try {
                    queue.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (mine.done) {
                mine.result();
                return;
            }
            leading = true;
            group = new ArrayList<>(queue);
            queue.clear();
        }
        try {
            writeGroup(group);
        } finally {
            synchronized (queue) {
                group.forEach(p -> p.done = true);
                leading = false;
                queue.notifyAll();
            }
        }
        mine.result();
    }

    /**
     * Writes the group as one batch, synced, to the primary and then to every mirror: one fsync per copy, and the
     * group becomes visible only once it is durable, as a synced RocksDB write does.
     */
    private void writeGroup(List<Pending> group) {
        replication.lock();
        try (Merged merged = merge(group)) {
            try {
                primary.write(merged.batch);
            } catch (RocksDBException e) {
                primaryFailed = true;
                group.forEach(p -> p.error = e);
                return;
            }
            for (RocksCopy m : mirrors) {
                try {
                    m.write(merged.batch);
                } catch (RocksDBException | RuntimeException e) {
                    drop(m, e);
                }
            }
        } catch (RocksDBException e) {
            group.forEach(p -> p.error = e);
        } finally {
            replication.unlock();
        }
    }

    /** One batch holding the group's batches in order; closing frees it unless it is the single caller's own. */
    private record Merged(WriteBatch batch, boolean owned) implements AutoCloseable {
        @Override
        public void close() {
            if (owned) {
                batch.close();
            }
        }
    }

    /**
     * Concatenates batches in RocksDB's batch representation (what its own WriteBatchInternal::Append does): a
     * 12-byte header (sequence number, filled in by the write, and the record count), then the records.
     */
    private static Merged merge(List<Pending> group) throws RocksDBException {
        if (group.size() == 1) {
            return new Merged(group.get(0).batch, false);
        }
        List<byte[]> reps = new ArrayList<>(group.size());
        int size = BATCH_HEADER;
        int count = 0;
        for (Pending p : group) {
            byte[] rep = p.batch.data();
            reps.add(rep);
            size += rep.length - BATCH_HEADER;
            count += p.batch.count();
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(0).putInt(count);
        for (byte[] rep : reps) {
            out.put(rep, BATCH_HEADER, rep.length - BATCH_HEADER);
        }
        return new Merged(new WriteBatch(out.array()), true);
    }

    /** A commit waiting for the group writer. */
    private static final class Pending {
        final WriteBatch batch;
        RocksDBException error;
        boolean done;

        Pending(WriteBatch batch) {
            this.batch = batch;
        }

        void result() throws RocksDBException {
            if (error != null) {
                throw error;
            }
        }
    }

    void put(ColumnFamilyHandle cf, byte[] key, byte[] value) throws RocksDBException {
        if (!replicated) {
            primary.put(cf, key, value);
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(cf, key, value);
            write(batch);
        }
    }

    void delete(ColumnFamilyHandle cf, byte[] key) throws RocksDBException {
        if (!replicated) {
            primary.delete(cf, key);
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            batch.delete(cf, key);
            write(batch);
        }
    }

    /** From now on every write also goes to {@code mirror}, which must hold exactly what the primary holds. */
    void addMirror(RocksCopy mirror) {
        replication.lock();
        try {
            replicated = true;
            mirrors.add(mirror);
        } finally {
            replication.unlock();
        }
    }

    /** Marks the store replicated, with or without mirrors left, so mirrors added later see every batch. */
    void replicated() {
        replicated = true;
    }

    /**
     * Makes the mirrors exactly the copies in {@code dirs} (the primary's own directory skipped): copies no longer
     * wanted (their drive went away) or whose directory is no longer the one opened (an empty drive took its place)
     * are dropped; missing ones are made from a checkpoint of the primary, taken while writes wait, so the new copy
     * misses no batch. Only for a replicated store.
     */
    void keepMirrors(List<Path> dirs) {
        replication.lock();
        try {
            for (RocksCopy m : mirrors) {
                if (!dirs.contains(m.dir) || !m.intact()) {
                    drop(m, new IOException("its drive is offline or was replaced"));
                }
            }
            for (Path dir : dirs) {
                if (!dir.equals(primary.dir) && mirrors.stream().noneMatch(m -> m.dir.equals(dir))) {
                    RocksCopy copy = MetadataReplicas.rebuild(primary, dir);
                    if (copy != null) {
                        mirrors.add(copy);
                    }
                }
            }
        } finally {
            replication.unlock();
        }
    }

    /**
     * Whether the primary cannot go on: it refused a write, or its directory is not among {@code online} or is no
     * longer the one opened. Its open files keep answering reads, but RocksDB fails every write once it needs a
     * new file (a write-ahead log, a flushed table).
     */
    boolean primaryLost(List<Path> online) {
        return !primaryUsable() || !online.contains(primary.dir);
    }

    /** Whether the primary refused a write (only {@link #write} finds out). */
    boolean primaryFailed() {
        return primaryFailed;
    }

    /**
     * How many times the primary moved since open. An operation refused by a primary that has since moved is run
     * again even though {@link #primaryFailed} was cleared by the move (another commit of its group made it).
     */
    long moves() {
        return moves;
    }

    /** Whether the primary took every write so far and its directory is still the one opened. */
    boolean primaryUsable() {
        return !primaryFailed && primary.intact();
    }

    /**
     * Makes the first mirror the primary and frees the old one; false when no mirror is left. The caller makes sure
     * no operation runs meanwhile. Every mirror holds every batch the old primary acknowledged (a group the primary
     * refused reached no copy), so nothing acknowledged is lost; the new epoch goes to every copy first, so the old
     * primary's files, should its drive come back as it was, lose to the copies that went on ({@link
     * RocksCopy#EPOCH}). A new primary that fails at once hands over to the next mirror.
     */
    boolean failOver() {
        while (!mirrors.isEmpty()) {
            RocksCopy old = primary;
            RocksCopy next = mirrors.remove(0);
            primary = next;
            primaryFailed = false;
            moves++;
            LOG.log(System.Logger.Level.ERROR, "metadata copy in {0}, written first, failed or went away; continuing "
                    + "on the copy in {1} (live copies: {2}); it is rebuilt when its drive is back",
                    old.dir, next.dir, copies());
            abandon(old);
            try (WriteBatch epoch = new WriteBatch()) {
                epoch.put(next.system, RocksCopy.EPOCH, KeyCodec.longBytes(next.epoch() + 1));
                write(epoch);
                return true;
            } catch (RocksDBException e) {
                primaryFailed = true;
            }
        }
        return false;
    }

    /** Live copies of the metadata, the primary included. */
    int copies() {
        return 1 + mirrors.size();
    }

    private void drop(RocksCopy m, Exception e) {
        mirrors.remove(m);
        LOG.log(System.Logger.Level.ERROR, "metadata copy in {0} is no longer written: {1}; it is rebuilt when its "
                + "drive is back", m.dir, e.toString());
        abandon(m);
    }

    /** Frees a copy given up (see {@link RocksCopy#abandon}); nothing is lost that another copy does not hold. */
    private static void abandon(RocksCopy copy) {
        try {
            copy.abandon();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "closing the metadata copy in {0} failed: {1}", copy.dir,
                    e.toString());
        }
    }

    @Override
    public void close() {
        for (RocksCopy m : mirrors) {
            m.close();
        }
        mirrors.clear();
        primary.close();
    }
}
