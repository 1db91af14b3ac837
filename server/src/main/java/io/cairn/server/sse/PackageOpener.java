package io.cairn.server.sse;

import javax.crypto.SecretKey;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Decrypts a byte range of a sealed stream whose plaintext length is known (from the metadata): only the
 * packages covering the range are read and authenticated. A stream shorter than its length (truncated), a
 * package moved or altered, or a wrong key all end in {@link IntegrityException}, never in altered plaintext.
 *
 * <p>Sealed packages are read ahead up to {@link #READ_AHEAD} at a time (one read call instead of several);
 * the read-ahead never goes past the last package the range needs.
 */
public final class PackageOpener {
    static final int READ_AHEAD = 4;

    private final SecretKey key;
    private final SealedSource source;
    private final long plainSize;
    private final long packages;
    private byte[] header;
    private byte[] sealed;
    /** Packages {@code [bufferedFirst, bufferedFirst + bufferedCount)} are in {@link #sealed}. */
    private long bufferedFirst = -1;
    private int bufferedCount;
    private byte[] scratch;

    public PackageOpener(SecretKey key, SealedSource source, long plainSize) {
        this.key = key;
        this.source = source;
        this.plainSize = plainSize;
        this.packages = PackageFormat.packageCount(plainSize);
    }

    /** A reader of plaintext {@code [first, first + length)}. */
    public Range range(long first, long length) {
        if (first < 0 || length < 0 || first + length > plainSize) {
            throw new IllegalArgumentException("range outside the plaintext");
        }
        return new Range(first, first + length);
    }

    /** Yields the plaintext of a range in pieces. */
    public final class Range {
        private long pos;
        private final long end;

        private Range(long first, long end) {
            this.pos = first;
            this.end = end;
        }

        public boolean done() {
            return pos >= end;
        }

        /** The next piece of at most one package, in a fresh buffer, or null at the end. @see #read */
        public ByteBuffer next() throws IOException {
            return next(PackageFormat.PACKAGE_SIZE);
        }

        /** The next piece of at most {@code max(maxBytes, one package)} bytes, in a fresh buffer, or null. */
        public ByteBuffer next(int maxBytes) throws IOException {
            if (done()) {
                return null;
            }
            byte[] out = new byte[(int) Math.min(Math.max(maxBytes, PackageFormat.PACKAGE_SIZE), end - pos)];
            return ByteBuffer.wrap(out, 0, read(out, 0, out.length));
        }

        /**
         * Decrypts the next plaintext of the range into {@code out[off, off + len)}: as many packages as fit,
         * whole packages straight into {@code out}. Returns the bytes written, -1 at the end of the range; at
         * least one package's worth (or the rest of the range) when {@code len} is at least one package.
         *
         * @throws IntegrityException when the stored data fails authentication or ends early
         * @throws IOException        when reading fails
         */
        public int read(byte[] out, int off, int len) throws IOException {
            if (done()) {
                return -1;
            }
            int filled = 0;
            while (pos < end && filled < len) {
                long index = pos / PackageFormat.PACKAGE_SIZE;
                long packageStart = index * PackageFormat.PACKAGE_SIZE;
                int plainLen = PackageFormat.plainLength(index, plainSize);
                int from = (int) (pos - packageStart);
                int to = (int) Math.min(plainLen, end - packageStart);
                if (from == 0 && to == plainLen && filled + plainLen <= len) {
                    openPackage(index, out, off + filled, end);
                } else if (filled + (to - from) <= len) {
                    if (scratch == null) {
                        scratch = new byte[PackageFormat.PACKAGE_SIZE];
                    }
                    openPackage(index, scratch, 0, end);
                    System.arraycopy(scratch, from, out, off + filled, to - from);
                } else if (filled == 0) {
                    throw new IllegalArgumentException("out has room for less than one package");
                } else {
                    break;
                }
                filled += to - from;
                pos = packageStart + to;
            }
            return filled;
        }
    }

    /** Decrypts package {@code index}; {@code rangeEnd} bounds the read-ahead. */
    private void openPackage(long index, byte[] plain, int plainOffset, long rangeEnd) throws IOException {
        byte[] h = header();
        int plainLen = PackageFormat.plainLength(index, plainSize);
        int sealedLen = plainLen + PackageFormat.TAG_SIZE;
        boolean last = index == packages - 1;
        int at = buffered(index, rangeEnd);
        Gcm.local().open(key, PackageFormat.nonce(h, index), PackageFormat.aad(h, index, last),
                sealed, at, sealedLen, plain, plainOffset);
    }

    /** Makes sure package {@code index} is in {@link #sealed}; returns its offset there. */
    private int buffered(long index, long rangeEnd) throws IOException {
        if (index < bufferedFirst || index >= bufferedFirst + bufferedCount) {
            long lastNeeded = Math.max(index, (rangeEnd - 1) / PackageFormat.PACKAGE_SIZE);
            int count = (int) Math.min(READ_AHEAD, Math.min(lastNeeded, packages - 1) - index + 1);
            long lastRead = index + count - 1;
            long bytes = PackageFormat.packageOffset(lastRead) - PackageFormat.packageOffset(index)
                    + PackageFormat.plainLength(lastRead, plainSize) + PackageFormat.TAG_SIZE;
            if (sealed == null || sealed.length < bytes) {
                sealed = new byte[(int) Math.max(bytes, PackageFormat.SEALED_PACKAGE_SIZE)];
            }
            bufferedFirst = -1;
            try {
                source.readFully(PackageFormat.packageOffset(index), ByteBuffer.wrap(sealed, 0, (int) bytes));
            } catch (EOFException e) {
                throw new IntegrityException("sealed stream truncated (reading package " + index + ")");
            }
            bufferedFirst = index;
            bufferedCount = count;
        }
        return (int) ((index - bufferedFirst) * PackageFormat.SEALED_PACKAGE_SIZE);
    }

    private byte[] header() throws IOException {
        if (header == null) {
            byte[] h = new byte[PackageFormat.HEADER_SIZE];
            try {
                source.readFully(0, ByteBuffer.wrap(h));
            } catch (EOFException e) {
                throw new IntegrityException("sealed stream has no header");
            }
            if (!PackageFormat.validHeader(h)) {
                throw new IntegrityException("not a sealed stream (bad magic)");
            }
            header = h;
        }
        return header;
    }
}
