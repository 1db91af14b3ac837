package io.cairn.conformance;

import io.cairn.tiering.remote.RemoteTier;
import io.cairn.tiering.remote.TierException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A remote tier kept in a local directory, one file per remote key, for tests. It can be switched down (every call
 * fails with a retryable {@link TierException}), a put can be held halfway until the test lets it go, and reads can
 * be made to break after some bytes.
 */
final class DirectoryTier implements RemoteTier {
    private final String name;
    private final Path root;
    private volatile boolean down;
    private volatile CountDownLatch heldPut;
    private volatile CountDownLatch putHalfway;
    private volatile long breakReadsAfter = -1;
    private volatile CountDownLatch heldGets;
    final AtomicInteger puts = new AtomicInteger();
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger deletes = new AtomicInteger();

    DirectoryTier(String name, Path root) {
        this.name = name;
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    void down(boolean isDown) {
        this.down = isDown;
    }

    /** The next put writes half its bytes, counts down the returned latch, then waits for {@code release}. */
    CountDownLatch holdNextPut(CountDownLatch release) {
        CountDownLatch halfway = new CountDownLatch(1);
        putHalfway = halfway;
        heldPut = release;
        return halfway;
    }

    /** Streams returned by get fail with an IOException after this many bytes (-1: never). */
    void breakReadsAfter(long bytes) {
        this.breakReadsAfter = bytes;
    }

    /** Every get waits for {@code release} before it answers (null: gets answer at once again). */
    void holdGets(CountDownLatch release) {
        this.heldGets = release;
    }

    /** Every remote key stored now. */
    List<String> keys() {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".tmp-"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path file(String remoteKey) {
        Path p = root.resolve(remoteKey).normalize();
        if (!p.startsWith(root) || remoteKey.isEmpty()) {
            throw new IllegalArgumentException("bad remote key " + remoteKey);
        }
        return p;
    }

    private void check(String operation) throws TierException {
        if (down) {
            throw new TierException(name + " is down (" + operation + ")", true, null);
        }
    }

    @Override
    public void put(String remoteKey, InputStream content, long length) throws TierException {
        check("put");
        puts.incrementAndGet();
        Path target = file(remoteKey);
        Path tmp = root.resolve(".tmp-" + UUID.randomUUID());
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[64 * 1024];
                long done = 0;
                CountDownLatch release = heldPut;
                while (done < length) {
                    int n = content.read(buf, 0, (int) Math.min(buf.length, length - done));
                    if (n < 0) {
                        throw new TierException("content ended after " + done + " of " + length + " bytes", false,
                                null);
                    }
                    out.write(buf, 0, n);
                    done += n;
                    if (release != null && done >= length / 2) {
                        heldPut = null;
                        putHalfway.countDown();
                        if (!release.await(30, TimeUnit.SECONDS)) {
                            throw new TierException("held put never released", true, null);
                        }
                        release = null;
                    }
                }
            }
            check("put");
            Files.createDirectories(target.getParent());
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new TierException("put failed: " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TierException("interrupted", true, e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stray temporary file in a test directory
            }
        }
    }

    @Override
    public InputStream get(String remoteKey, long offset, long length) throws TierException {
        check("get");
        gets.incrementAndGet();
        try {
            CountDownLatch hold = heldGets;
            if (hold != null && !hold.await(30, TimeUnit.SECONDS)) {
                throw new TierException("held get never released", true, null);
            }
            FileChannel ch = FileChannel.open(file(remoteKey), StandardOpenOption.READ);
            if (offset + length > ch.size()) {
                ch.close();
                throw new TierException("range beyond the object", false, null);
            }
            ch.position(offset);
            long breakAfter = breakReadsAfter;
            return new FilterInputStream(Channels.newInputStream(ch)) {
                private long left = length;
                private long served;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    if (breakAfter >= 0 && served >= breakAfter) {
                        throw new IOException("connection to " + name + " reset");
                    }
                    int n = super.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                        served += n;
                    }
                    return n;
                }
            };
        } catch (NoSuchFileException e) {
            throw new TierException("no such remote object " + remoteKey, false, e);
        } catch (IOException e) {
            throw new TierException("get failed: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TierException("interrupted", true, e);
        }
    }

    @Override
    public long size(String remoteKey) throws TierException {
        check("size");
        try {
            Path p = file(remoteKey);
            return Files.exists(p) ? Files.size(p) : -1;
        } catch (IOException e) {
            throw new TierException("size failed: " + e, true, e);
        }
    }

    @Override
    public void delete(String remoteKey) throws TierException {
        check("delete");
        deletes.incrementAndGet();
        try {
            Files.deleteIfExists(file(remoteKey));
        } catch (IOException e) {
            throw new TierException("delete failed: " + e, true, e);
        }
    }

    @Override
    public void verify() throws TierException {
        check("verify");
    }

    @Override
    public void close() {
    }
}
