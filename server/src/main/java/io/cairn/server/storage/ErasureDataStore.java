package io.cairn.server.storage;

import io.cairn.erasure.BitrotAlgorithm;
import io.cairn.erasure.ChunkCheck;
import io.cairn.erasure.ErasureDecoder;
import io.cairn.erasure.ErasureEncoder;
import io.cairn.erasure.ErasureLayout;
import io.cairn.erasure.NotEnoughShardsException;
import io.cairn.erasure.ReedSolomon;
import io.cairn.erasure.ShardHeader;
import io.cairn.erasure.ShardFault;
import io.cairn.erasure.ShardReader;
import io.cairn.erasure.ShardSource;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Object data erasure-coded over the drives of a {@link DriveSet}: every object is one shard file on each drive
 * ({@code .cairn/data/xx/yy/id} there, as a single drive keeps its plain files), k data and m parity shards with
 * k + m = the drive count, in 1 MiB blocks with a CRC32C bitrot hash per chunk ({@code erasure} module). Which
 * drive holds which shard rotates with the id, so parity and the first data shard are not always on the same
 * drives. A shard's header states the layout (k, m, block size, object size, a write id derived from the data id),
 * so reading needs nothing from the metadata but the id.
 *
 * <p>Writes need {@link #writeQuorum} shards written and renamed; reads need k intact chunks per block, and use
 * only the data shards when they verify. Drives failing I/O go offline ({@link DriveSet#failed}); objects found
 * incomplete or damaged are reported to {@link #onDegraded} for healing.
 */
public final class ErasureDataStore implements DataStore {
    private static final System.Logger LOG = System.getLogger(ErasureDataStore.class.getName());
    public static final int BLOCK_SIZE = 1024 * 1024;
    private static final int SCRATCH = 64 * 1024;
    /** Reads at least this long skip the block cache (which serves the small reads of sealed packages). */
    private static final int DIRECT_READ = 128 * 1024;

    private final DriveSet drives;
    private final int parity;
    private final int reducedParity;
    private final Map<Integer, ReedSolomon> codecs = new ConcurrentHashMap<>();
    private final ReentrantLock[] locks = new ReentrantLock[64];
    private volatile Consumer<String> onDegraded = id -> { };
    /**
     * Direct buffers for checking chunks that are then sent from their files: reused, so the JVM does not allocate,
     * zero and later collect one per GET. Half a MiB each; at most 32 are kept, more concurrent GETs allocate.
     */
    private final Queue<ByteBuffer> checkBuffers = new ArrayBlockingQueue<>(32);

    /**
     * @param parity        m for objects of the standard storage class: 1..drives/2
     * @param reducedParity m for REDUCED_REDUNDANCY objects: 1..parity
     */
    public ErasureDataStore(DriveSet drives, int parity, int reducedParity) {
        int n = drives.size();
        if (parity < 1 || parity > n / 2) {
            throw new IllegalArgumentException("parity must be between 1 and " + n / 2 + " for " + n + " drives, got "
                    + parity);
        }
        if (reducedParity < 1 || reducedParity > parity) {
            throw new IllegalArgumentException("reduced-redundancy parity must be between 1 and " + parity + ", got "
                    + reducedParity);
        }
        this.drives = drives;
        this.parity = parity;
        this.reducedParity = reducedParity;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Held by deletes and heals of the data, so a heal never writes shards of data deleted meanwhile. */
    ReentrantLock lock(String id) {
        return locks[Math.floorMod(id.hashCode(), locks.length)];
    }

    /** The default parity for {@code n} drives: a quarter of them, rounded up, at least 2 (at most n/2). */
    public static int defaultParity(int n) {
        return Math.min(n / 2, Math.max(2, (n + 3) / 4));
    }

    public DriveSet drives() {
        return drives;
    }

    public int parity() {
        return parity;
    }

    public int reducedParity() {
        return reducedParity;
    }

    /** Shards that must be written for a write to succeed: k, or k + 1 when k = m (so two halves never both win). */
    public static int writeQuorum(int k, int m) {
        return k == m ? k + 1 : k;
    }

    /** Whether enough drives are online to write objects of the standard class. */
    public boolean writable() {
        int k = drives.size() - parity;
        return drives.online() >= writeQuorum(k, parity);
    }

    /** Called with the id of data found with missing or damaged shards. */
    public void onDegraded(Consumer<String> listener) {
        this.onDegraded = listener;
    }

    /** The codec of shards of {@code layout}: one per shape and code, shared (it caches decode matrices). */
    ReedSolomon codec(ErasureLayout layout) {
        int k = layout.dataShards();
        int m = layout.parityShards();
        return codecs.computeIfAbsent((layout.code().ordinal() * 64 + k) * 64 + m,
                key -> ReedSolomon.create(k, m, layout.code()));
    }

    /** The drive holding shard {@code shard} of {@code id}. */
    int driveOf(String id, int shard) {
        int rotation = Integer.parseInt(id.substring(0, 2), 16) % drives.size();
        return (shard + rotation) % drives.size();
    }

    static long writeId(String id) {
        return HexFormat.fromHexDigitsToLong(id, 0, 16);
    }

    Path shardPath(DriveSet.Drive d, String id) {
        if (id.length() < 16 || !id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("not a data id");
        }
        return d.state().resolve("data").resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id);
    }

    @Override
    public Writer create(long size) throws IOException {
        return create(size, false);
    }

    @Override
    public Writer create(long size, boolean reducedRedundancy) throws IOException {
        int m = reducedRedundancy ? reducedParity : parity;
        int k = drives.size() - m;
        String id = DataStore.newId();
        ErasureLayout layout = new ErasureLayout(k, m, BLOCK_SIZE, size, BitrotAlgorithm.CRC32C, writeId(id));
        return new ShardedWriter(id, layout);
    }

    @Override
    public Blob open(String id) throws IOException {
        Shards shards = Shards.open(this, id);
        try {
            ErasureLayout layout = shards.layout(id);
            ErasureDecoder decoder = ErasureDecoder.open(codec(layout), layout,
                    shards.sources());
            // Reads need k shards, even when the chunks a small range needs happen to be among fewer.
            int usable = layout.totalShards();
            boolean healable = false;
            for (ShardFault f : decoder.faults()) {
                if (f.block() == ShardFault.WHOLE_SHARD) {
                    usable--;
                    // A shard missing on a drive that is offline waits for the drive (healed when it is back).
                    healable |= drives.drive(driveOf(id, f.shardIndex())).online();
                }
            }
            if (usable < layout.dataShards()) {
                throw new NotEnoughShardsException(usable, layout.dataShards(), "data " + id + ": " + usable
                        + " of " + layout.totalShards() + " shards present");
            }
            if (healable) {
                onDegraded.accept(id);
            }
            return new ShardedBlob(id, shards, decoder);
        } catch (IOException | RuntimeException e) {
            shards.close();
            throw e;
        }
    }

    @Override
    public void delete(String id) {
        ReentrantLock lock = lock(id);
        lock.lock();
        try {
            for (DriveSet.Drive d : drives.drives()) {
                try {
                    Files.deleteIfExists(shardPath(d, id));
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "could not delete shard {0} on {1}: {2}", id, d,
                            e.toString());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Path plainFile(String id) {
        return null;
    }

    @Override
    public int sweepTemporaryFiles() throws IOException {
        int n = 0;
        for (DriveSet.Drive d : drives.drives()) {
            if (!d.online()) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(d.state().resolve("tmp"))) {
                for (Path p : files) {
                    Files.deleteIfExists(p);
                    n++;
                }
            } catch (IOException e) {
                drives.failed(d, e);
            }
        }
        return n;
    }

    @Override
    public int sweepOrphans(Predicate<String> referenced) throws IOException {
        int n = 0;
        for (DriveSet.Drive d : drives.drives()) {
            if (!d.online()) {
                continue;
            }
            try (Stream<Path> files = Files.walk(d.state().resolve("data"))) {
                for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    if (!referenced.test(p.getFileName().toString())) {
                        Files.deleteIfExists(p);
                        n++;
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                drives.failed(d, e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
            }
        }
        return n;
    }

    /** The shard files of one object that exist on online drives, opened for reading, by shard index. */
    static final class Shards implements AutoCloseable {
        private final ErasureDataStore store;
        private final FileChannel[] channels;
        /** The opener's reference, plus one per file slice being sent: the files close when the last one goes. */
        private final AtomicInteger references = new AtomicInteger(1);

        private Shards(ErasureDataStore store, FileChannel[] channels) {
            this.store = store;
            this.channels = channels;
        }

        static Shards open(ErasureDataStore store, String id) throws IOException {
            int n = store.drives.size();
            FileChannel[] channels = new FileChannel[n];
            int found = 0;
            for (int shard = 0; shard < n; shard++) {
                DriveSet.Drive d = store.drives.drive(store.driveOf(id, shard));
                if (!d.online()) {
                    continue;
                }
                try {
                    channels[shard] = FileChannel.open(store.shardPath(d, id), StandardOpenOption.READ);
                    found++;
                } catch (NoSuchFileException e) {
                    // Not written there (the drive was offline), deleted, or lost: the decoder counts it missing.
                } catch (IOException e) {
                    store.drives.failed(d, e);
                }
            }
            if (found == 0) {
                throw new NoSuchFileException(id);
            }
            return new Shards(store, channels);
        }

        /** The layout the first intact header of the right write and position states. */
        ErasureLayout layout(String id) throws IOException {
            long writeId = writeId(id);
            for (int shard = 0; shard < channels.length; shard++) {
                if (channels[shard] == null) {
                    continue;
                }
                try {
                    ShardHeader h = ShardReader.open(ShardSource.of(channels[shard])).header();
                    if (h.layout().writeId() == writeId && h.shardIndex() == shard
                            && h.layout().totalShards() == channels.length) {
                        return h.layout();
                    }
                } catch (IOException e) {
                    // A damaged header: another shard's will do, and the decoder reports this one.
                }
            }
            throw new NotEnoughShardsException(0, 1, "no intact shard header for data " + id);
        }

        /** The open shard file of {@code shard}, or null. */
        FileChannel channel(int shard) {
            return channels[shard];
        }

        List<ShardSource> sources() {
            List<ShardSource> out = new ArrayList<>(channels.length);
            for (FileChannel ch : channels) {
                out.add(ch == null ? null : ShardSource.of(ch));
            }
            return out;
        }

        /** A reference for a slice of one of the files, given back by the slice's release. */
        Runnable retain() {
            references.incrementAndGet();
            return this::close;
        }

        @Override
        public void close() {
            if (references.decrementAndGet() != 0) {
                return;
            }
            for (FileChannel ch : channels) {
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // read-only: nothing is lost
                    }
                }
            }
        }
    }

    /** Reads through the decoder one block at a time, keeping the last block for the small reads that follow. */
    private final class ShardedBlob implements Blob {
        private final String id;
        private final Shards shards;
        private final ErasureDecoder decoder;
        private byte[] block;
        private long cached = -1;
        private int cachedLength;
        private int faultsReported;
        private final ChunkCheck check;
        private final byte[] stored;
        private ByteBuffer checkBuffer;
        private boolean closed;

        ShardedBlob(String id, Shards shards, ErasureDecoder decoder) {
            this.id = id;
            this.shards = shards;
            this.decoder = decoder;
            this.check = new ChunkCheck(decoder.layout().algorithm());
            this.stored = new byte[decoder.layout().algorithm().hashLength()];
        }

        @Override
        public long size() {
            return decoder.layout().objectSize();
        }

        @Override
        public void readFully(long position, ByteBuffer dst) throws IOException {
            if (position + dst.remaining() > size()) {
                throw new java.io.EOFException("data " + id + " has " + size() + " bytes, read past them");
            }
            if (dst.remaining() >= DIRECT_READ) {
                long at = readIntactChunks(position, dst);
                if (!dst.hasRemaining()) {
                    return;
                }
                // The rest (part of a chunk, or a chunk that is missing or failed its check) through the decoder,
                // straight into dst: it reads only the chunks the range covers and rebuilds what it must.
                try {
                    decoder.read(at, dst.remaining(), new BufferSink(dst));
                } finally {
                    reportFaults();
                }
                return;
            }
            long at = position;
            while (dst.hasRemaining()) {
                long b = at / BLOCK_SIZE;
                if (b != cached) {
                    load(b);
                }
                int from = (int) (at - b * BLOCK_SIZE);
                int n = Math.min(dst.remaining(), cachedLength - from);
                dst.put(block, from, n);
                at += n;
            }
        }

        /**
         * The happy path of large reads: whole data chunks, read from their shard file straight into {@code dst}
         * (one copy, none through the decoder's arrays) and checked there against their hash. Stops at the first
         * chunk that is not whole in the range, is padded, is missing or fails; returns where it stopped.
         */
        private long readIntactChunks(long position, ByteBuffer dst) {
            long at = position;
            Chunk c;
            while ((c = wholeChunk(at, dst.remaining())) != null) {
                ByteBuffer target = dst.slice(dst.position(), c.length());
                if (!readChecked(c, target)) {
                    break;
                }
                dst.position(dst.position() + c.length());
                at += c.length();
            }
            return at;
        }

        /**
         * The happy path of sends: the whole data chunk at {@code position}, checked (read into a pooled buffer that
         * stays in the cache), then sent from its shard file by the kernel. That is one copy per byte on this core
         * where reading it into the buffer that is sent costs two (into the buffer, then into the socket).
         */
        @Override
        public FileSlice verifiedSlice(long position, int max) {
            Chunk c = wholeChunk(position, max);
            if (c == null) {
                return null;
            }
            if (checkBuffer == null) {
                checkBuffer = takeCheckBuffer();
            }
            if (!readChecked(c, checkBuffer.clear())) {
                return null;
            }
            return new FileSlice(c.file(), c.filePosition(), c.length(), shards.retain());
        }

        /** A whole, unpadded data chunk starting at {@code at} that fits in {@code room}, on an open shard file. */
        private Chunk wholeChunk(long at, int room) {
            ErasureLayout layout = decoder.layout();
            if (at >= layout.objectSize()) {
                return null;
            }
            long b = at / BLOCK_SIZE;
            int inBlock = (int) (at - b * BLOCK_SIZE);
            int chunk = layout.chunkLength(b);
            int shard = inBlock / chunk;
            FileChannel ch = shards.channel(shard);
            if (inBlock % chunk != 0 || room < chunk || ch == null || layout.blockLength(b) - shard * chunk < chunk) {
                return null;
            }
            return new Chunk(ch, shard, b, layout.chunkPosition(b), chunk);
        }

        /**
         * Reads chunk {@code c} into {@code target} from its position and checks it against its stored hash, which
         * is read in the same call when {@code target} has room for it after the chunk. On return the chunk is
         * between position and limit.
         */
        private boolean readChecked(Chunk c, ByteBuffer target) {
            boolean together = target.capacity() - target.position() >= c.length() + stored.length;
            try {
                if (together) {
                    readAt(c.file(), target.limit(target.position() + c.length() + stored.length), c.filePosition());
                    target.flip().get(c.length(), stored).limit(c.length());
                } else {
                    readAt(c.file(), target.limit(target.position() + c.length()), c.filePosition());
                    readAt(c.file(), ByteBuffer.wrap(stored), c.filePosition() + c.length());
                    target.flip();
                }
            } catch (IOException e) {
                // The decoder reads it again, reports the fault and rebuilds.
                return false;
            }
            return check.matches(c.shard(), c.block(), target, stored);
        }

        @Override
        public int nextRead(long position, int max) {
            ErasureLayout layout = decoder.layout();
            if (position >= layout.objectSize()) {
                return max;
            }
            long b = position / BLOCK_SIZE;
            int inBlock = (int) (position - b * BLOCK_SIZE);
            int chunk = layout.chunkLength(b);
            int toBoundary = chunk - inBlock % chunk;
            // Unaligned: up to the next chunk, so the reads after it are whole chunks; aligned: whole chunks.
            return toBoundary < chunk ? Math.min(max, toBoundary) : max < chunk ? max : max - max % chunk;
        }

        private void load(long b) throws IOException {
            ErasureLayout layout = decoder.layout();
            if (block == null) {
                block = new byte[(int) Math.min(BLOCK_SIZE, layout.objectSize())];
            }
            cached = -1;
            int length = layout.blockLength(b);
            BufferSink sink = new BufferSink(ByteBuffer.wrap(block));
            try {
                decoder.read(b * BLOCK_SIZE, length, sink);
            } finally {
                reportFaults();
            }
            cached = b;
            cachedLength = length;
        }

        private void reportFaults() {
            int now = decoder.faults().size();
            if (now > faultsReported) {
                faultsReported = now;
                onDegraded.accept(id);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            // Once only: the shards count this blob as one reference, and slices being sent hold their own.
            closed = true;
            if (checkBuffer != null) {
                checkBuffers.offer(checkBuffer);
                checkBuffer = null;
            }
            shards.close();
        }
    }

    /** Where one data chunk lies in its shard file. */
    private record Chunk(FileChannel file, int shard, long block, long filePosition, int length) {
    }

    /** A buffer a chunk fits in (k >= 2, so at most half a block), from the pool when one is free. */
    private ByteBuffer takeCheckBuffer() {
        ByteBuffer b = checkBuffers.poll();
        return b != null ? b : ByteBuffer.allocateDirect((BLOCK_SIZE + 1) / 2);
    }

    private static void readAt(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, at);
            if (n < 0) {
                throw new java.io.EOFException("shard file ends at " + at);
            }
            at += n;
        }
    }

    /** Writes the decoder's bytes into a buffer (heap or direct). */
    private static final class BufferSink extends OutputStream {
        private final ByteBuffer target;

        BufferSink(ByteBuffer target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            target.put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            target.put(b, off, len);
        }
    }

    /** One shard file per drive under {@code tmp/}, renamed into {@code data/} on commit. */
    private final class ShardedWriter implements Writer {
        private final String id;
        private final ErasureLayout layout;
        private final DriveSet.Drive[] targets;
        private final Path[] temps;
        private final NewShardFile[] files;
        private final ErasureEncoder encoder;
        private byte[] scratch;
        private long written;
        private boolean done;

        ShardedWriter(String id, ErasureLayout layout) throws IOException {
            this.id = id;
            this.layout = layout;
            int n = layout.totalShards();
            targets = new DriveSet.Drive[n];
            temps = new Path[n];
            files = new NewShardFile[n];
            List<OutputStream> outputs = new ArrayList<>(Arrays.asList(new OutputStream[n]));
            int open = 0;
            for (int shard = 0; shard < n; shard++) {
                DriveSet.Drive d = drives.drive(driveOf(id, shard));
                targets[shard] = d;
                if (!d.online()) {
                    continue;
                }
                Path tmp = d.state().resolve("tmp").resolve(id + "." + shard);
                try {
                    files[shard] = NewShardFile.create(tmp);
                    temps[shard] = tmp;
                    outputs.set(shard, files[shard].stream());
                    open++;
                } catch (IOException e) {
                    drives.failed(d, e);
                }
            }
            int quorum = writeQuorum(layout.dataShards(), layout.parityShards());
            if (open < quorum) {
                abort();
                throw new DrivesUnavailableException(open, quorum, drives.size());
            }
            try {
                encoder = new ErasureEncoder(codec(layout), layout, outputs, quorum);
            } catch (NotEnoughShardsException e) {
                abort();
                throw new DrivesUnavailableException(e.getMessage());
            }
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public long written() {
            return written;
        }

        @Override
        public void write(ByteBuffer src) {
            try {
                int n = src.remaining();
                if (src.hasArray()) {
                    encoder.write(src.array(), src.arrayOffset() + src.position(), n);
                    src.position(src.limit());
                } else {
                    if (scratch == null) {
                        scratch = new byte[SCRATCH];
                    }
                    while (src.hasRemaining()) {
                        int c = Math.min(scratch.length, src.remaining());
                        src.get(scratch, 0, c);
                        encoder.write(scratch, 0, c);
                    }
                }
                written += n;
            } catch (NotEnoughShardsException e) {
                markFailed();
                throw new UncheckedIOException(new DrivesUnavailableException(e.getMessage()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void markFailed() {
            encoder.failedShards().forEach((shard, e) -> {
                if (files[shard] != null) {
                    drives.failed(targets[shard], e);
                }
            });
        }

        @Override
        public void commit() throws IOException {
            encoder.close();
            markFailed();
            Map<Integer, IOException> failed = encoder.failedShards();
            List<Path> placed = new ArrayList<>();
            for (int shard = 0; shard < files.length; shard++) {
                if (files[shard] == null || failed.containsKey(shard)) {
                    continue;
                }
                DriveSet.Drive d = targets[shard];
                try {
                    files[shard].sync();
                    files[shard].close();
                    Path target = shardPath(d, id);
                    FileDataStore.moveIntoPlace(temps[shard], target);
                    temps[shard] = null;
                    placed.add(target);
                } catch (IOException e) {
                    drives.failed(d, e);
                }
            }
            int quorum = writeQuorum(layout.dataShards(), layout.parityShards());
            if (placed.size() < quorum) {
                for (Path p : placed) {
                    Files.deleteIfExists(p);
                }
                abort();
                throw new DrivesUnavailableException(placed.size(), quorum, drives.size());
            }
            done = true;
            // Shards that failed on the way are left: close their files and remove what they wrote.
            discardUnplaced();
            if (placed.size() < layout.totalShards()) {
                onDegraded.accept(id);
            }
        }

        @Override
        public void abort() {
            if (done) {
                return;
            }
            done = true;
            discardUnplaced();
        }

        /** Closes every shard file (again, for those placed) and deletes the temporary ones not moved into place. */
        private void discardUnplaced() {
            for (int shard = 0; shard < files.length; shard++) {
                try {
                    if (files[shard] != null) {
                        files[shard].close();
                    }
                    if (temps[shard] != null) {
                        Files.deleteIfExists(temps[shard]);
                    }
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "could not remove temporary shard {0}: {1}", temps[shard],
                            e.toString());
                }
            }
        }
    }
}
