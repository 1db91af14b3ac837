package io.cairn.server.storage;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts putting a large file's data on disk while the rest is still arriving: every {@link #STEP} bytes written,
 * an {@code fdatasync} of the file so far runs on a background thread (one at a time per file), so the fsync at
 * commit finds little left to write. Without it, concurrent uploads of 64 MiB filled the page cache together and
 * then all waited on the disk together, the core idle meanwhile. Durability still comes from the commit's own
 * fsync; these only start the work early.
 */
final class WriteBehind {
    static final long STEP = 8L << 20;
    private static final ExecutorService SYNCS = new ThreadPoolExecutor(0, 4, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "cairn-writeback");
                t.setDaemon(true);
                return t;
            });

    private final FileChannel channel;
    private final AtomicBoolean running = new AtomicBoolean();
    private long next = STEP;

    WriteBehind(FileChannel channel) {
        this.channel = channel;
    }

    /** An output stream into {@code channel} (written at its position) that writes behind as it goes. */
    static OutputStream outputStream(FileChannel channel) {
        WriteBehind behind = new WriteBehind(channel);
        return new FilterOutputStream(Channels.newOutputStream(channel)) {
            private long total;

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                behind.written(++total);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                total += len;
                behind.written(total);
            }
        };
    }

    /** Called by the (single) writer after each write, with the bytes written so far. */
    void written(long total) {
        if (total < next || !running.compareAndSet(false, true)) {
            return;
        }
        next = total + STEP;
        SYNCS.execute(() -> {
            try {
                channel.force(false);
            } catch (IOException e) {
                // Closed by an abort, or failing: the commit's own fsync reports what matters.
            } finally {
                running.set(false);
            }
        });
    }
}
