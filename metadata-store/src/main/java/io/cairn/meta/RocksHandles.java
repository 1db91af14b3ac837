package io.cairn.meta;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
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

    private static final long BLOCK_CACHE_BYTES = 32L << 20;
    private static final long MEMTABLE_BUDGET_BYTES = 32L << 20;
    private static final long OBJECTS_WRITE_BUFFER_BYTES = 16L << 20;
    private static final long SMALL_WRITE_BUFFER_BYTES = 4L << 20;

    static {
        RocksDB.loadLibrary();
    }

    final RocksDB db;
    final ColumnFamilyHandle buckets;
    final ColumnFamilyHandle objects;
    final ColumnFamilyHandle uploads;
    final ColumnFamilyHandle parts;
    final ColumnFamilyHandle system;
    /** Every mutation is acknowledged only once it is on stable storage. */
    final WriteOptions syncWrite;

    private final Deque<AutoCloseable> owned;

    private RocksHandles(RocksDB db, List<ColumnFamilyHandle> handles, List<String> names, WriteOptions syncWrite,
                         Deque<AutoCloseable> owned) {
        this.db = db;
        this.buckets = handles.get(names.indexOf(BUCKETS));
        this.objects = handles.get(names.indexOf(OBJECTS));
        this.uploads = handles.get(names.indexOf(UPLOADS));
        this.parts = handles.get(names.indexOf(PARTS));
        this.system = handles.get(names.indexOf(SYSTEM));
        this.syncWrite = syncWrite;
        this.owned = owned;
    }

    static RocksHandles open(Path dir) throws IOException, RocksDBException {
        Files.createDirectories(dir);
        // Pushed as created, so a failure half-way frees what exists and close() frees in reverse order.
        Deque<AutoCloseable> owned = new ArrayDeque<>();
        try {
            LRUCache cache = push(owned, new LRUCache(BLOCK_CACHE_BYTES));
            BloomFilter bloom = push(owned, new BloomFilter(10));
            BlockBasedTableConfig table = new BlockBasedTableConfig()
                    .setBlockCache(cache)
                    .setFilterPolicy(bloom)
                    .setCacheIndexAndFilterBlocks(true)
                    .setPinL0FilterAndIndexBlocksInCache(true);
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
                    OBJECTS, UPLOADS, PARTS, SYSTEM));
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
            return new RocksHandles(db, handles, names, syncWrite, owned);
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

    /** So the next open has no write-ahead log to replay: a clean shutdown starts fast. */
    private void flushMemtables() {
        try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
            db.flush(wait, List.of(buckets, objects, uploads, parts, system));
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
