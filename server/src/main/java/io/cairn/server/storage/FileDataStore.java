package io.cairn.server.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Object data on one local drive, as plain files named by an internal id (never by the object key: no path
 * traversal, no filesystem key-length limits). A file is written under {@code tmp/}, fsynced, and renamed
 * into {@code data/xx/yy/id} before any metadata points to it.
 */
public final class DataStore {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final System.Logger LOG = System.getLogger(DataStore.class.getName());

    private final Path dataDir;
    private final Path tmpDir;

    public DataStore(Path root) throws IOException {
        this.dataDir = root.resolve("data");
        this.tmpDir = root.resolve("tmp");
        Files.createDirectories(dataDir);
        Files.createDirectories(tmpDir);
    }

    /** A new, unguessable data id. */
    public static String newId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Starts writing a new data file. */
    public Writer create() throws IOException {
        String id = newId();
        Path tmp = tmpDir.resolve(id + ".part");
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Writer(id, tmp, ch);
    }

    /** Opens a committed data file for reading. */
    public FileChannel open(String id) throws IOException {
        return FileChannel.open(pathOf(id), StandardOpenOption.READ);
    }

    /** Removes a data file no metadata refers to any more; a missing file is not an error. */
    public void delete(String id) {
        try {
            Files.deleteIfExists(pathOf(id));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete data file {0}: {1}", id, e.toString());
        }
    }

    /** Start-up: temporary files are writes that never committed; remove them all. Returns how many. */
    public int sweepTemporaryFiles() throws IOException {
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmpDir)) {
            for (Path p : files) {
                Files.deleteIfExists(p);
                n++;
            }
        }
        return n;
    }

    /**
     * Start-up: removes data files that no metadata refers to (renamed into place, then the process died
     * before the metadata commit, or after a commit that replaced them). Returns how many.
     */
    public int sweepOrphans(Predicate<String> referenced) throws IOException {
        int[] n = {0};
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.filter(Files::isRegularFile).forEach(p -> {
                String id = p.getFileName().toString();
                if (!referenced.test(id)) {
                    try {
                        Files.deleteIfExists(p);
                        n[0]++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        }
        return n[0];
    }

    /** Where a committed data file lives (for lazily opened zero-copy regions). */
    public Path pathOf(String id) {
        if (id.length() < 8 || !id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("not a data id");
        }
        return dataDir.resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id);
    }

    /** A data file being written. Either {@link #commit()} or {@link #abort()} it. */
    public final class Writer implements AutoCloseable {
        private final String id;
        private final Path tmp;
        private final FileChannel channel;
        private long written;
        private boolean done;

        private Writer(String id, Path tmp, FileChannel channel) {
            this.id = id;
            this.tmp = tmp;
            this.channel = channel;
        }

        public String id() {
            return id;
        }

        public long written() {
            return written;
        }

        public void write(ByteBuffer src) {
            try {
                while (src.hasRemaining()) {
                    written += channel.write(src);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Copies a range of another file (kernel-side where the OS can). */
        public void copyFrom(FileChannel source, long position, long count) throws IOException {
            long done = 0;
            while (done < count) {
                long n = source.transferTo(position + done, count - done, channel);
                if (n <= 0) {
                    throw new IOException("source ended early");
                }
                done += n;
            }
            written += count;
        }

        /** fsync, rename into place, fsync the directory: after this returns the data survives a crash. */
        public void commit() throws IOException {
            channel.force(true);
            channel.close();
            Path target = pathOf(id);
            Path dir = target.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                fsyncDirectory(dir.getParent());
                fsyncDirectory(dir.getParent().getParent());
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory(dir);
            done = true;
        }

        public void abort() {
            if (done) {
                return;
            }
            done = true;
            try {
                channel.close();
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "could not remove temporary file {0}: {1}", tmp, e.toString());
            }
        }

        @Override
        public void close() {
            abort();
        }
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            // Some filesystems refuse fsync on directories; the rename is still atomic there.
            LOG.log(System.Logger.Level.DEBUG, "directory fsync not supported on {0}", dir);
        }
    }
}
