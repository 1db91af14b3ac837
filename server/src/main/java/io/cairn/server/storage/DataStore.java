package io.cairn.server.storage;

import io.cairn.server.sse.SealedSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Predicate;

/**
 * Where object data lives, by an internal id (never by the object key: no path traversal, no filesystem key-length
 * limits): plain files on one drive ({@link FileDataStore}) or erasure-coded shards over several
 * ({@link ErasureDataStore}). Data is durable when {@link Writer#commit()} returns, before any metadata points to it.
 */
public interface DataStore {

    /** A new, unguessable data id. */
    static String newId() {
        byte[] b = new byte[16];
        Ids.RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Starts writing new data of exactly {@code size} bytes. */
    Writer create(long size) throws IOException;

    /**
     * Like {@link #create(long)}, for data of the REDUCED_REDUNDANCY storage class when {@code reducedRedundancy}:
     * stores that keep redundancy may keep less of it for such data.
     */
    default Writer create(long size, boolean reducedRedundancy) throws IOException {
        return create(size);
    }

    /** Opens committed data for reading. @throws java.nio.file.NoSuchFileException when there is none by that id */
    Blob open(String id) throws IOException;

    /** Removes data no metadata refers to any more; missing data is not an error. */
    void delete(String id);

    /**
     * The file holding exactly the bytes of {@code id}, for zero-copy sends, or null when this store does not keep
     * data as plain files (then read through {@link #open}).
     */
    Path plainFile(String id);

    /** Start-up: temporary files are writes that never committed; remove them all. Returns how many. */
    int sweepTemporaryFiles() throws IOException;

    /**
     * Start-up: removes data that no metadata refers to (committed, then the process died before the metadata
     * commit, or after a commit that replaced it). Returns how many.
     */
    int sweepOrphans(Predicate<String> referenced) throws IOException;

    /** Random access to committed data; close releases what it holds. */
    interface Blob extends SealedSource, AutoCloseable {
        long size() throws IOException;

        /**
         * How many bytes a sequential reader should ask for next at {@code position}, at most {@code max}: stores
         * whose cheapest reads have boundaries (chunks of an erasure code) say where they are.
         */
        default int nextRead(long position, int max) {
            return max;
        }

        /** The plain file behind this data, for kernel-side copies, or null. */
        default FileChannel channel() {
            return null;
        }

        /**
         * Where the bytes from {@code position} on (at most {@code max}, at least one) lie as they are in a file,
         * checked, so they can be sent from there without being copied through memory; null when this store cannot
         * say (then read them). The slice's file stays open until its {@link FileSlice#release} runs, even after
         * this blob is closed.
         */
        default FileSlice verifiedSlice(long position, int max) throws IOException {
            return null;
        }

        @Override
        void close() throws IOException;
    }

    /** {@code length} bytes of {@code channel} from {@code position}; run {@code release} once when done with it. */
    record FileSlice(FileChannel channel, long position, int length, Runnable release) {
    }

    /** Data being written. Either {@link #commit()} or {@link #abort()} it; close aborts what was not committed. */
    interface Writer extends AutoCloseable {
        int COPY_BUFFER = 256 * 1024;

        String id();

        long written();

        void write(ByteBuffer src);

        /** Appends {@code count} bytes of {@code source} from {@code position}. */
        default void copyFrom(Blob source, long position, long count) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(COPY_BUFFER, Math.max(1, count)));
            long done = 0;
            while (done < count) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
                source.readFully(position + done, buffer);
                buffer.flip();
                done += buffer.remaining();
                write(buffer);
            }
        }

        /** Makes the data durable under its id: after this returns it survives a crash. */
        void commit() throws IOException;

        void abort();

        @Override
        default void close() {
            abort();
        }
    }

    /** Holder of the id generator (interfaces cannot have private static fields). */
    final class Ids {
        private static final SecureRandom RANDOM = new SecureRandom();

        private Ids() {
        }
    }
}
