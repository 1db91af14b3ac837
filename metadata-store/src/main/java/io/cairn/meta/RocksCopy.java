package io.cairn.meta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
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
 * One opened copy of the metadata database, with its column families, and every native object it owns, freed in
 * reverse order on close. Memory is kept modest because the server runs beside a small heap: one shared block cache
 * and a global memtable budget per copy.
 */
final class RocksCopy implements AutoCloseable {

    static final String BUCKETS = "buckets";
    static final String OBJECTS = "objects";
    static final String UPLOADS = "uploads";
    static final String PARTS = "parts";
    static final String SYSTEM = "system";
    /** Each key's newest version stamp, so finding it is a point lookup (see {@link KeyVersions#newest}). */
    static final String CURRENT = "current";
    /**
     * How many times a replicated store moved its primary to another copy while running (in the system family,
     * absent = 0). Written to every copy by the first batch after a move, so a copy the store left behind (which
     * may even have taken the batch it then refused) can never pass for the newest at the next open.
     */
    static final byte[] EPOCH = KeyCodec.utf8("metadata-epoch");

    private static final long BLOCK_CACHE_BYTES = 32L << 20;
    private static final long MEMTABLE_BUDGET_BYTES = 32L << 20;
    private static final long OBJECTS_WRITE_BUFFER_BYTES = 16L << 20;
    private static final long SMALL_WRITE_BUFFER_BYTES = 4L << 20;

    static {
        RocksDB.loadLibrary();
    }

    /** Where this copy lives. */
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
    /** The directory's device and inode at open: a directory made again in its place is another one. */
    private final Object identity;

    private final Deque<AutoCloseable> owned;
    private final List<String> names;
    private final List<ColumnFamilyHandle> handles;

    private RocksCopy(Path dir, Object identity, RocksDB db, List<ColumnFamilyHandle> handles, List<String> names,
                      WriteOptions syncWrite, ReadOptions defaultRead, ReadOptions memoryOnly,
                      Deque<AutoCloseable> owned) {
        this.dir = dir;
        this.identity = identity;
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

    /** Commits a batch durably to this copy alone. */
    void write(WriteBatch batch) throws RocksDBException {
        db.write(syncWrite, batch);
    }

    void put(ColumnFamilyHandle cf, byte[] key, byte[] value) throws RocksDBException {
        db.put(cf, syncWrite, key, value);
    }

    void delete(ColumnFamilyHandle cf, byte[] key) throws RocksDBException {
        db.delete(cf, syncWrite, key);
    }

    /** The latest sequence number: copies that took the same batches from the same start have the same one. */
    long sequence() {
        return db.getLatestSequenceNumber();
    }

    /** See {@link #EPOCH}. */
    long epoch() throws RocksDBException {
        byte[] stored = db.get(system, EPOCH);
        return stored == null ? 0 : KeyCodec.readLong(stored, 0);
    }

    /** Whether this copy took later batches than {@code other}: a later epoch, or more batches in the same one. */
    boolean newerThan(RocksCopy other) throws RocksDBException {
        long mine = epoch();
        long theirs = other.epoch();
        return mine != theirs ? mine > theirs : sequence() > other.sequence();
    }

    /** Whether this copy holds what {@code other} holds, so that the same batches can follow in both. */
    boolean sameStateAs(RocksCopy other) throws RocksDBException {
        return epoch() == other.epoch() && sequence() == other.sequence() && sameFamilies(other);
    }

    /** Whether the column families have the same ids here and in {@code other} (a batch names families by id). */
    private boolean sameFamilies(RocksCopy other) {
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

    /**
     * Whether the directory opened is still there. Once its drive went away (or an empty one took its place) the
     * copy keeps answering from files it holds open, but fails as soon as RocksDB needs a new file. One stat.
     */
    boolean intact() {
        try {
            return Objects.equals(identity, identity(dir));
        } catch (IOException e) {
            return false;
        }
    }

    private static Object identity(Path dir) throws IOException {
        return Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
    }

    static RocksCopy open(Path dir) throws IOException, RocksDBException {
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

            List<String> names = new ArrayList<>(List.of(new String(RocksDB.DEFAULT_COLUMN_FAMILY,
                    StandardCharsets.UTF_8), BUCKETS, OBJECTS, UPLOADS, PARTS, SYSTEM, CURRENT));
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
            return new RocksCopy(dir, identity(dir), db, handles, names, syncWrite, defaultRead, memoryOnly, owned);
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
        closeAll(owned, null);
    }

    /**
     * Frees the copy without flushing: for one given up (its drive failed or went away), which is rebuilt from
     * another before it is used again, so a flush could only fail or wait on the failing drive.
     */
    void abandon() {
        closeAll(owned, null);
    }

    /** So the next open has no write-ahead log to replay: a clean shutdown starts fast. */
    private void flushMemtables() {
        try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
            db.flush(wait, List.of(buckets, objects, uploads, parts, system, current));
        } catch (RocksDBException e) {
            // Nothing is lost: every commit is in the synced write-ahead log, replayed at the next open.
            System.getLogger(RocksCopy.class.getName()).log(System.Logger.Level.WARNING,
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
