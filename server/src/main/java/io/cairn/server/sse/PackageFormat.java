package io.cairn.server.sse;

import java.nio.ByteBuffer;

/**
 * The layout of encrypted content ("package format", version 1), shared by writer and reader:
 *
 * <pre>
 *   header   = magic "CSE" | version 0x01 | 12-byte random base nonce          (16 bytes)
 *   package* = AES-256-GCM(data key, nonce_i, aad_i, plaintext_i) | 16-byte tag
 * </pre>
 *
 * Every package holds {@link #PACKAGE_SIZE} bytes of plaintext except the last, which holds the rest (an empty
 * object is one empty package, so "no packages at all" is never valid). {@code nonce_i} is the base nonce with
 * the package index XORed into its last 8 bytes, so no two packages under one data key share a nonce as long as
 * base nonces differ (they are random per stored stream). {@code aad_i} = header | index (8 bytes) | final flag,
 * which binds each package to its stream, its position and whether it ends the stream: reordering, splicing
 * between streams, or truncating at a package boundary all fail authentication.
 */
public final class PackageFormat {
    public static final int HEADER_SIZE = 16;
    public static final int NONCE_SIZE = 12;
    public static final int TAG_SIZE = 16;
    public static final int PACKAGE_SIZE = 64 * 1024;
    public static final int SEALED_PACKAGE_SIZE = PACKAGE_SIZE + TAG_SIZE;
    static final byte[] MAGIC = {'C', 'S', 'E', 1};

    private PackageFormat() {
    }

    /** Packages needed for {@code plainSize} bytes (at least one). */
    public static long packageCount(long plainSize) {
        return plainSize == 0 ? 1 : (plainSize + PACKAGE_SIZE - 1) / PACKAGE_SIZE;
    }

    /** Bytes stored for {@code plainSize} bytes of plaintext. */
    public static long sealedSize(long plainSize) {
        return HEADER_SIZE + plainSize + packageCount(plainSize) * TAG_SIZE;
    }

    /**
     * The stored bytes {@code [from, to)} that reading plaintext {@code [first, first + length)} (length at least 1)
     * of a stream of {@code plainSize} bytes touches: the packages covering the range, and the header too when they
     * start at the first package (so reading from the start is one sequential pass).
     */
    public static long[] storedSpan(long first, long length, long plainSize) {
        long firstPackage = first / PACKAGE_SIZE;
        long lastPackage = (first + length - 1) / PACKAGE_SIZE;
        long from = firstPackage == 0 ? 0 : packageOffset(firstPackage);
        return new long[] {from, packageOffset(lastPackage) + plainLength(lastPackage, plainSize) + TAG_SIZE};
    }

    /** Where package {@code index} starts in the stored stream. */
    static long packageOffset(long index) {
        return HEADER_SIZE + index * SEALED_PACKAGE_SIZE;
    }

    /** Plaintext bytes in package {@code index} of a stream of {@code plainSize} bytes. */
    static int plainLength(long index, long plainSize) {
        return (int) Math.min(PACKAGE_SIZE, plainSize - index * PACKAGE_SIZE);
    }

    static byte[] nonce(byte[] header, long index) {
        byte[] n = new byte[NONCE_SIZE];
        System.arraycopy(header, MAGIC.length, n, 0, NONCE_SIZE);
        for (int i = 0; i < Long.BYTES; i++) {
            n[NONCE_SIZE - 1 - i] ^= (byte) (index >>> (8 * i));
        }
        return n;
    }

    static byte[] aad(byte[] header, long index, boolean last) {
        return ByteBuffer.allocate(HEADER_SIZE + Long.BYTES + 1).put(header).putLong(index)
                .put((byte) (last ? 1 : 0)).array();
    }

    static boolean validHeader(byte[] header) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (header[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }
}
