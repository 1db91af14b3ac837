package io.cairn.server.sse;

import javax.crypto.SecretKey;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Decrypts a byte range of a sealed stream whose plaintext length is known (from the metadata): only the
 * packages covering the range are read and authenticated. A stream shorter than its length (truncated), a
 * package moved or altered, or a wrong key all end in {@link IntegrityException}, never in altered plaintext.
 */
public final class PackageOpener {
    private final SecretKey key;
    private final SealedSource source;
    private final long plainSize;
    private final Gcm gcm = new Gcm();
    private final byte[] sealed = new byte[PackageFormat.SEALED_PACKAGE_SIZE];
    private byte[] header;

    public PackageOpener(SecretKey key, SealedSource source, long plainSize) {
        this.key = key;
        this.source = source;
        this.plainSize = plainSize;
    }

    /** A reader of plaintext {@code [first, first + length)}, one package at a time. */
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

        /** The next piece of at most one package. @see #next(int) */
        public ByteBuffer next() throws IOException {
            return next(PackageFormat.PACKAGE_SIZE);
        }

        /**
         * The next piece, in a fresh heap buffer the caller may keep, or null at the end of the range. Whole
         * packages are decrypted straight into it (fewer, larger pieces mean fewer hand-offs to the network
         * thread); a piece holds at least one package's worth when the range does.
         *
         * @param maxBytes the most plaintext to return (rounded up to one package when smaller)
         * @throws IntegrityException when the stored data fails authentication or ends early
         * @throws IOException        when reading fails
         */
        public ByteBuffer next(int maxBytes) throws IOException {
            if (pos >= end) {
                return null;
            }
            int budget = (int) Math.min(Math.max(maxBytes, PackageFormat.PACKAGE_SIZE), end - pos);
            byte[] out = new byte[budget];
            int filled = 0;
            while (pos < end && filled < budget) {
                long index = pos / PackageFormat.PACKAGE_SIZE;
                long packageStart = index * PackageFormat.PACKAGE_SIZE;
                int plainLen = PackageFormat.plainLength(index, plainSize);
                int from = (int) (pos - packageStart);
                int to = (int) Math.min(plainLen, end - packageStart);
                if (from == 0 && to == plainLen && filled + plainLen <= budget) {
                    openPackage(index, out, filled);
                } else if (filled + (to - from) <= budget) {
                    byte[] scratch = scratch();
                    openPackage(index, scratch, 0);
                    System.arraycopy(scratch, from, out, filled, to - from);
                } else {
                    break;
                }
                filled += to - from;
                pos = packageStart + to;
            }
            return ByteBuffer.wrap(out, 0, filled);
        }
    }

    private byte[] scratch;

    private byte[] scratch() {
        if (scratch == null) {
            scratch = new byte[PackageFormat.PACKAGE_SIZE];
        }
        return scratch;
    }

    private int openPackage(long index, byte[] plain, int plainOffset) throws IOException {
        byte[] h = header();
        int plainLen = PackageFormat.plainLength(index, plainSize);
        int sealedLen = plainLen + PackageFormat.TAG_SIZE;
        boolean last = index == PackageFormat.packageCount(plainSize) - 1;
        try {
            source.readFully(PackageFormat.packageOffset(index), ByteBuffer.wrap(sealed, 0, sealedLen));
        } catch (EOFException e) {
            throw new IntegrityException("sealed stream truncated at package " + index);
        }
        return gcm.open(key, PackageFormat.nonce(h, index), PackageFormat.aad(h, index, last),
                sealed, 0, sealedLen, plain, plainOffset);
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
