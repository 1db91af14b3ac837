package io.cairn.server.storage;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A shard file being written (under {@code tmp/}, created new). Where the file system allows it the file is opened
 * with {@code O_DIRECT} and written from a reused aligned buffer, so the bytes go from that buffer to the drive:
 * writing through the page cache cost the kernel a copy into newly allocated pages, which on the benchmark machine
 * took half the server's core during erasure-coded PUTs (an erasure set writes 1.5 to 2 times the object's bytes),
 * and the pages then sat in memory nobody reads soon. Elsewhere (tmpfs refuses {@code O_DIRECT}) it is an ordinary
 * file written behind ({@link WriteBehind}).
 */
final class NewShardFile implements Closeable {
    /** Bytes gathered before each direct write. */
    static final int BUFFER = 256 * 1024;
    /**
     * Buffers start at a multiple of this, so they suit any file system block size up to it (O_DIRECT wants the
     * buffer, the file offset and the length aligned to it); larger block sizes are written through the cache.
     */
    private static final int MAX_ALIGNMENT = 64 * 1024;
    /** Buffers kept for reuse (up to 32 of 320 KiB); more concurrent writers allocate and drop theirs. */
    private static final ArrayBlockingQueue<ByteBuffer> POOL = new ArrayBlockingQueue<>(32);

    /**
     * Block size per directory written to (each drive's {@code tmp/}, a fixed few): finding a path's file store reads
     * the mount table, which every shard of every PUT would otherwise pay. A drive swapped for a file system with a
     * larger block size fails its direct writes (and goes offline) until a restart.
     */
    private static final ConcurrentHashMap<Path, Long> BLOCK_SIZES = new ConcurrentHashMap<>();

    private final FileChannel channel;
    private final OutputStream stream;
    private final DirectStream direct;

    private NewShardFile(FileChannel channel, DirectStream direct) {
        this.channel = channel;
        this.direct = direct;
        this.stream = direct != null ? direct : WriteBehind.outputStream(channel);
    }

    /** Creates {@code path}, which must not exist, for writing. */
    static NewShardFile create(Path path) throws IOException {
        Long block = BLOCK_SIZES.computeIfAbsent(path.getParent(), NewShardFile::blockSize);
        if (block != null && block <= MAX_ALIGNMENT && Long.bitCount(block) == 1) {
            FileChannel channel = null;
            try {
                channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        ExtendedOpenOption.DIRECT);
            } catch (FileAlreadyExistsException e) {
                throw e;
            } catch (UnsupportedOperationException | IOException e) {
                // The file system refused O_DIRECT (having created the file, on Linux): an ordinary file instead.
                Files.deleteIfExists(path);
            }
            if (channel != null) {
                return new NewShardFile(channel, new DirectStream(channel, block.intValue()));
            }
        }
        return new NewShardFile(FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                null);
    }

    /** The file system's block size under {@code dir}; null (not remembered, no O_DIRECT) when it cannot be read. */
    private static Long blockSize(Path dir) {
        try {
            return Files.getFileStore(dir).getBlockSize();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Whether this file bypasses the page cache (for tests). */
    boolean direct() {
        return direct != null;
    }

    /** Where the shard's bytes go, in order. */
    OutputStream stream() {
        return stream;
    }

    /** Puts every byte written on stable storage, the file's length included. */
    void sync() throws IOException {
        if (direct != null) {
            direct.finish();
        }
        channel.force(true);
    }

    @Override
    public void close() throws IOException {
        try {
            channel.close();
        } finally {
            if (direct != null) {
                direct.release();
            }
        }
    }

    /**
     * Gathers bytes in an aligned buffer and writes it whole at aligned offsets, as {@code O_DIRECT} requires; the
     * last, partial buffer is written padded to the alignment and the file then cut to its length.
     */
    private static final class DirectStream extends OutputStream {
        private final FileChannel channel;
        private final int alignment;
        private ByteBuffer buffer;
        /** File offset of the buffer's first byte. */
        private long offset;

        DirectStream(FileChannel channel, int alignment) {
            this.channel = channel;
            this.alignment = alignment;
            ByteBuffer pooled = POOL.poll();
            this.buffer = pooled != null ? pooled
                    : ByteBuffer.allocateDirect(BUFFER + MAX_ALIGNMENT).alignedSlice(MAX_ALIGNMENT).limit(BUFFER);
        }

        @Override
        public void write(int b) throws IOException {
            buffer.put((byte) b);
            if (!buffer.hasRemaining()) {
                drain();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, buffer.remaining());
                buffer.put(b, off, n);
                off += n;
                len -= n;
                if (!buffer.hasRemaining()) {
                    drain();
                }
            }
        }

        private void drain() throws IOException {
            buffer.flip();
            while (buffer.hasRemaining()) {
                offset += channel.write(buffer, offset);
            }
            buffer.clear().limit(BUFFER);
        }

        void finish() throws IOException {
            long length = offset + buffer.position();
            if (buffer.position() > 0) {
                int padded = (buffer.position() + alignment - 1) / alignment * alignment;
                while (buffer.position() < padded) {
                    buffer.put((byte) 0);
                }
                drain();
            }
            channel.truncate(length);
        }

        void release() {
            if (buffer != null) {
                POOL.offer(buffer.clear().limit(BUFFER));
                buffer = null;
            }
        }
    }
}
