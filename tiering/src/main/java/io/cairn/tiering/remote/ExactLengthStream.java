package io.cairn.tiering.remote;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes on exactly {@code length} bytes of a stream and fails when it ends sooner, so a short source (local
 * content that shrank, a remote object shorter than asked for) is an error rather than a silently short copy.
 */
final class ExactLengthStream extends FilterInputStream {
    private final long length;
    private long read;
    private boolean endedEarly;

    ExactLengthStream(InputStream in, long length) {
        super(in);
        this.length = length;
    }

    /** True once the source ended before {@code length} bytes. */
    boolean endedEarly() {
        return endedEarly;
    }

    long length() {
        return length;
    }

    long bytesRead() {
        return read;
    }

    @Override
    public int read() throws IOException {
        if (read >= length) {
            return -1;
        }
        int b = super.read();
        if (b < 0) {
            throw ended();
        }
        read++;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (read >= length) {
            return -1;
        }
        int n = super.read(b, off, (int) Math.min(len, length - read));
        if (n < 0) {
            throw ended();
        }
        read += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = super.skip(Math.min(n, length - read));
        read += s;
        return s;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(super.available(), length - read);
    }

    // Marking would let a retry re-read bytes this class already counted; the SDKs buffer instead.
    @Override
    public boolean markSupported() {
        return false;
    }

    private IOException ended() {
        endedEarly = true;
        return new IOException("content ended after " + read + " of " + length + " bytes");
    }

    /**
     * Reads exactly {@code n} bytes into {@code buf} (a part or block of content).
     *
     * @throws TierException non-retryable when the source ends first
     */
    static void readFully(InputStream in, byte[] buf, int n, long offset, long total) throws TierException {
        try {
            int got = in.readNBytes(buf, 0, n);
            if (got < n) {
                throw new TierException("content ended after " + (offset + got) + " of " + total + " bytes",
                        false, null);
            }
        } catch (IOException e) {
            throw new TierException("reading the content to store failed: " + e.getMessage(), true, e);
        }
    }
}
