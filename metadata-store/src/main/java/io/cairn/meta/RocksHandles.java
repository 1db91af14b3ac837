package io.cairn.meta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.IndexType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.ReadTier;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Opens the database with its column families and owns every native object, freeing them in reverse order on
 * close. Memory is kept modest because the server runs beside a small heap: one shared block cache and a
 * global memtable budget.
 */
final class RocksHandles implements AutoCloseable {

    static final String BUCKETS = "buckets";
    static final String OBJECTS = "objects";
    static final String UPLOADS = "uploads";
    static final String PARTS = "parts";
    static final String SYSTEM = "system";
    /** Each key's newest version stamp, so finding it is a point lookup (see {@link KeyVersions#newest}). */
    static final String CURRENT = "current";

    private static final long BLOCK_CACHE_BYTES = 32L << 20;
    private static final long MEMTABLE_BUDGET_BYTES = 32L << 20;
    private static final long OBJECTS_WRITE_BUFFER_BYTES = 16L << 20;
    private static final long SMALL_WRITE_BUFFER_BYTES = 4L << 20;

    static {
        RocksDB.loadLibrary();
    }

    /** Where this database lives. */
    final Path dir;
    final RocksDB db;
    final ColumnFamilyHandle buckets;
    final ColumnFamilyHandle objects;
    final ColumnFamilyHandle uploads;
    final ColumnFamilyHandle parts;
    final ColumnFamilyHandle system;
    final ColumnFamilyHandle current;
    /** RocksDB's default reads (any tier). */
    final ReadOptions defaultRead;
    /** Reads that answer only from memtables and the block cache; a read needing the disk fails "Incomplete". */
    final ReadOptions memoryOnly;
    /** Every mutation is acknowledged only once it is on stable storage. */
    private final WriteOptions syncWrite;

    private final Deque<AutoCloseable> owned;
    private final List<String> names;
    private final List<ColumnFamilyHandle> handles;
    /** Copies on other drives that receive every batch after this database, in the same order (see write). */
    private final List<Mirror> mirrors = new CopyOnWriteArrayList<>();
    /** Set once for a replicated store: from then on every write goes through the group writer. */
    private volatile boolean replicated;
    /** Held while a group is written and while mirrors are added or dropped. */
    private final ReentrantLock replication = new ReentrantLock();
    /** Commits waiting for the group writer (also its monitor); {@link #leading} is guarded by it. */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean leading;
    private static final int BATCH_HEADER = 12;

    /** A copy of the database on another drive. */
    record Mirror(Path dir, RocksHandles handles) {
    }

    private RocksHandles(Path dir, RocksDB db, List<ColumnFamilyHandle> handles, List<String> names,
                         WriteOptions syncWrite, ReadOptions defaultRead, ReadOptions memoryOnly,
                         Deque<AutoCloseable> owned) {
        this.dir = dir;
        this.db = db;
        this.buckets = handles.get(names.indexOf(BUCKETS));
        this.objects = handles.get(names.indexOf(OBJECTS));
        this.uploads = handles.get(names.indexOf(UPLOADS));
        this.parts = handles.get(names.indexOf(PARTS));
        this.system = handles.get(names.indexOf(SYSTEM));
        this.current = handles.get(names.indexOf(CURRENT));
        this.syncWrite = syncWrite;
        this.defaultRead = defaultRead;
        this.memoryOnly = memoryOnly;
        this.owned = owned;
        this.names = names;
        this.handles = handles;
    }

    /**
     * Commits a batch durably. In a replicated store the batch goes to this database and then to every mirror, in
     * the same order everywhere, so copies that took the same batches have the same latest sequence number and
     * equal sequence numbers mean equal content (how {@link MetadataReplicas} tells which copy is newest). Group
     * commit: one writer at a time leads and writes every batch queued meanwhile, merged into one, to each copy, so
     * concurrent commits share fsyncs as RocksDB's own group commit lets them on one copy. A group the primary
     * refuses fails all its commits and is not sent to the mirrors; a mirror that fails is dropped (and rebuilt when
     * its drive is back or at the next start).
     */
    void write(WriteBatch batch) throws RocksDBException {
        if (!replicated) {
            db.write(syncWrite, batch);
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
                db.write(syncWrite, merged.batch);
            } catch (RocksDBException e) {
                group.forEach(p -> p.error = e);
                return;
            }
            for (Mirror m : mirrors) {
                try {
                    m.handles.db.write(m.handles.syncWrite, merged.batch);
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
            db.put(cf, syncWrite, key, value);
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(cf, key, value);
            write(batch);
        }
    }

    void delete(ColumnFamilyHandle cf, byte[] key) throws RocksDBException {
        if (!replicated) {
            db.delete(cf, syncWrite, key);
            return;
        }
        try (WriteBatch batch = new WriteBatch()) {
            batch.delete(cf, key);
            write(batch);
        }
    }

    /** From now on every write also goes to {@code mirror}, which must hold exactly what this database holds. */
    void addMirror(Path dir, RocksHandles mirror) {
        replication.lock();
        try {
            replicated = true;
            mirrors.add(new Mirror(dir, mirror));
        } finally {
            replication.unlock();
        }
    }

    /** Marks the store replicated, with or without mirrors left, so mirrors added later see every batch. */
    void replicated() {
        replicated = true;
    }

    /**
     * Makes the mirrors exactly the copies in {@code dirs} (this database's own directory skipped): copies no longer
     * wanted (their drive went away) are dropped; missing ones are made from a checkpoint of this database, taken
     * while writes wait, so the new copy misses no batch. Only for a replicated store.
     */
    void keepMirrors(List<Path> dirs) {
        replication.lock();
        try {
            for (Mirror m : mirrors) {
                if (!dirs.contains(m.dir)) {
                    drop(m, new IOException("its drive is offline"));
                }
            }
            for (Path dir : dirs) {
                if (!dir.equals(this.dir) && mirrors.stream().noneMatch(m -> m.dir.equals(dir))) {
                    RocksHandles copy = MetadataReplicas.rebuild(this, dir);
                    if (copy != null) {
                        mirrors.add(new Mirror(dir, copy));
                    }
                }
            }
        } finally {
            replication.unlock();
        }
    }

    /** Live copies of the metadata, this one included. */
    int copies() {
        return 1 + mirrors.size();
    }

    private void drop(Mirror m, Exception e) {
        mirrors.remove(m);
        System.getLogger(RocksHandles.class.getName()).log(System.Logger.Level.ERROR,
                "metadata copy in {0} is no longer written: {1}; it is rebuilt when its drive is back",
                m.dir, e.toString());
        try {
            m.handles.close();
        } catch (RuntimeException closing) {
            e.addSuppressed(closing);
        }
    }

    /** The latest sequence number: copies that took the same batches from the same start have the same one. */
    long sequence() {
        return db.getLatestSequenceNumber();
    }

    /** Whether the column families have the same ids here and in {@code other} (a batch names families by id). */
    boolean sameFamilies(RocksHandles other) {
        if (!names.equals(other.names)) {
            return false;
        }
        for (int i = 0; i < handles.size(); i++) {
            if (handles.get(i).getID() != other.handles.get(i).getID()) {
                return false;
            }
        }
        return true;
    }

    static RocksHandles open(Path dir) throws IOException, RocksDBException {
        Files.createDirectories(dir);
        // Pushed as created, so a failure half-way frees what exists and close() frees in reverse order.
        Deque<AutoCloseable> owned = new ArrayDeque<>();
        try {
            // Four cache shards of 8 MiB, not RocksDB's default 64 of 512 KiB: a compacted 64 MiB table of 4 KiB
            // inline objects has an index of several hundred KiB, which no small shard could hold, so it was read
            // and decompressed again for every lookup (LZ4 was 28% of the core under 4 KiB PUTs). Partitioned
            // indexes and filters keep each cached piece small however large tables grow; only their top level
            // is pinned. 4 KiB PUTs at 64 connections: 1,710/s -> 3,530/s.
            LRUCache cache = push(owned, new LRUCache(BLOCK_CACHE_BYTES, 2));
            BloomFilter bloom = push(owned, new BloomFilter(10));
            BlockBasedTableConfig table = new BlockBasedTableConfig()
                    .setBlockCache(cache)
                    .setFilterPolicy(bloom)
                    .setCacheIndexAndFilterBlocks(true)
                    .setCacheIndexAndFilterBlocksWithHighPriority(true)
                    .setPinL0FilterAndIndexBlocksInCache(true)
                    .setIndexType(IndexType.kTwoLevelIndexSearch)
                    .setPartitionFilters(true)
                    .setMetadataBlockSize(4096)
                    .setPinTopLevelIndexAndFilter(true);
            ColumnFamilyOptions objectsOptions = push(owned, columnOptions(table, OBJECTS_WRITE_BUFFER_BYTES));
            ColumnFamilyOptions smallOptions = push(owned, columnOptions(table, SMALL_WRITE_BUFFER_BYTES));
            DBOptions dbOptions = push(owned, new DBOptions()
                    .setCreateIfMissing(true)
                    .setCreateMissingColumnFamilies(true)
                    .setDbWriteBufferSize(MEMTABLE_BUDGET_BYTES)
                    .setMaxTotalWalSize(64L << 20)
                    .setInfoLogLevel(InfoLogLevel.INFO_LEVEL)
                    .setMaxLogFileSize(8L << 20)
                    .setKeepLogFileNum(4));

            List<String> names = new ArrayList<>(List.of(new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8), BUCKETS,
                    OBJECTS, UPLOADS, PARTS, SYSTEM, CURRENT));
            // RocksDB refuses to open unless every existing column family is named, e.g. one added by a newer
            // release; open those too rather than fail.
            for (String existing : existingColumnFamilies(dir)) {
                if (!names.contains(existing)) {
                    names.add(existing);
                }
            }
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (String name : names) {
                descriptors.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8),
                        name.equals(OBJECTS) ? objectsOptions : smallOptions));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
            push(owned, db);
            // Handles must go before the database: pushed after it, they are closed first.
            handles.forEach(h -> push(owned, h));
            WriteOptions syncWrite = push(owned, new WriteOptions().setSync(true));
            ReadOptions defaultRead = push(owned, new ReadOptions());
            ReadOptions memoryOnly = push(owned, new ReadOptions().setReadTier(ReadTier.BLOCK_CACHE_TIER));
            return new RocksHandles(dir, db, handles, names, syncWrite, defaultRead, memoryOnly, owned);
        } catch (Throwable e) {
            closeAll(owned, e);
            throw e;
        }
    }

    private static ColumnFamilyOptions columnOptions(BlockBasedTableConfig table, long writeBufferBytes) {
        return new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setBottommostCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(writeBufferBytes)
                .setMaxWriteBufferNumber(2);
    }

    private static List<String> existingColumnFamilies(Path dir) throws RocksDBException {
        if (!Files.exists(dir.resolve("CURRENT"))) {
            return List.of();
        }
        try (Options options = new Options()) {
            return RocksDB.listColumnFamilies(options, dir.toString()).stream()
                    .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        }
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> owned, T resource) {
        owned.push(resource);
        return resource;
    }

    @Override
    public void close() {
        flushMemtables();
        for (Mirror m : mirrors) {
            m.handles.close();
        }
        mirrors.clear();
        closeAll(owned, null);
    }

    /** So the next open has no write-ahead log to replay: a clean shutdown starts fast. */
    private void flushMemtables() {
        try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
            db.flush(wait, List.of(buckets, objects, uploads, parts, system, current));
        } catch (RocksDBException e) {
            // Nothing is lost: every commit is in the synced write-ahead log, replayed at the next open.
            System.getLogger(RocksHandles.class.getName()).log(System.Logger.Level.WARNING,
                    "flushing RocksDB memtables at close failed: {0}", e.getMessage());
        }
    }

    private static void closeAll(Deque<AutoCloseable> owned, Throwable primary) {
        RuntimeException failure = null;
        while (!owned.isEmpty()) {
            try {
                owned.pop().close();
            } catch (Exception e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (failure == null) {
                    failure = new IllegalStateException("closing RocksDB failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
