package io.cairn.server.storage;

import java.io.EOFException;
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
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Object data on one local drive, as plain files named by an internal id (never by the object key: no path
 * traversal, no filesystem key-length limits). A file is written under {@code tmp/}, fsynced, and renamed
 * into {@code data/xx/yy/id} before any metadata points to it.
 */
public final class FileDataStore implements DataStore {
    private static final System.Logger LOG = System.getLogger(FileDataStore.class.getName());

    private final Path dataDir;
    private final Path tmpDir;

    public FileDataStore(Path root) throws IOException {
        this.dataDir = root.resolve("data");
        this.tmpDir = root.resolve("tmp");
        Files.createDirectories(dataDir);
        Files.createDirectories(tmpDir);
    }

    @Override
    public Writer create(long size) throws IOException {
        String id = DataStore.newId();
        Path tmp = tmpDir.resolve(id + ".part");
        FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new FileWriter(id, tmp, ch);
    }

    @Override
    public Blob open(String id) throws IOException {
        FileChannel file = FileChannel.open(pathOf(id), StandardOpenOption.READ);
        return new Blob() {
            @Override
            public long size() throws IOException {
                return file.size();
            }

            @Override
            public void readFully(long position, ByteBuffer dst) throws IOException {
                long at = position;
                while (dst.hasRemaining()) {
                    int n = file.read(dst, at);
                    if (n < 0) {
                        throw new EOFException("data file " + id + " ends at " + at);
                    }
                    at += n;
                }
            }

            @Override
            public FileChannel channel() {
                return file;
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
    }

    @Override
    public Path plainFile(String id) {
        return pathOf(id);
    }

    @Override
    public void delete(String id) {
        try {
            Files.deleteIfExists(pathOf(id));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete data file {0}: {1}", id, e.toString());
        }
    }

    @Override
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

    @Override
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

    private Path pathOf(String id) {
        if (id.length() < 8 || !id.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new IllegalArgumentException("not a data id");
        }
        return dataDir.resolve(id.substring(0, 2)).resolve(id.substring(2, 4)).resolve(id);
    }

    /** A data file being written. */
    private final class FileWriter implements Writer {
        private final String id;
        private final Path tmp;
        private final FileChannel channel;
        private final WriteBehind writeBehind;
        private long written;
        private boolean done;

        private FileWriter(String id, Path tmp, FileChannel channel) {
            this.id = id;
            this.tmp = tmp;
            this.channel = channel;
            this.writeBehind = new WriteBehind(channel);
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
                while (src.hasRemaining()) {
                    written += channel.write(src);
                }
                writeBehind.written(written);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Copies kernel-side where the OS can, when the source is a file too. */
        @Override
        public void copyFrom(Blob blob, long position, long count) throws IOException {
            FileChannel source = blob.channel();
            if (source == null) {
                Writer.super.copyFrom(blob, position, count);
                return;
            }
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

        @Override
        public void commit() throws IOException {
            channel.force(true);
            channel.close();
            moveIntoPlace(tmp, pathOf(id));
            done = true;
        }

        @Override
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

    }

    /**
     * Renames a written, fsynced file to {@code target} under {@code data/xx/yy/} (creating those directories) and
     * fsyncs the directories that changed: once this returns, the file is there after a crash. Replaces a file
     * already there (healing rewrites shards in place).
     */
    static void moveIntoPlace(Path tmp, Path target) throws IOException {
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            fsyncDirectory(dir.getParent());
            fsyncDirectory(dir.getParent().getParent());
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(dir);
    }

    static void fsyncDirectory(Path dir) throws IOException {
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
