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

    /** Yields the plaintext of a range in pieces of at most one package. */
    public final class Range {
        private long pos;
        private final long end;

        private Range(long first, long end) {
            this.pos = first;
            this.end = end;
        }

        /**
         * The next piece, in a fresh heap buffer the caller may keep, or null at the end of the range.
         *
         * @throws IntegrityException when the stored data fails authentication or ends early
         * @throws IOException        when reading fails
         */
        public ByteBuffer next() throws IOException {
            if (pos >= end) {
                return null;
            }
            long index = pos / PackageFormat.PACKAGE_SIZE;
            byte[] plain = new byte[PackageFormat.PACKAGE_SIZE];
            int n = openPackage(index, plain);
            int from = (int) (pos - index * PackageFormat.PACKAGE_SIZE);
            int to = (int) Math.min(n, end - index * PackageFormat.PACKAGE_SIZE);
            pos = index * PackageFormat.PACKAGE_SIZE + to;
            return ByteBuffer.wrap(plain, from, to - from);
        }
    }

    private int openPackage(long index, byte[] plain) throws IOException {
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
                sealed, 0, sealedLen, plain, 0);
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
