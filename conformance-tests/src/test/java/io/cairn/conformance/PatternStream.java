package io.cairn.conformance;

import java.io.InputStream;
import java.util.Random;

/**
 * A deterministic body of any length, generated on the fly: a random 1 MiB pattern with each 64 KiB segment
 * stamped with its position, so a misplaced or repeated segment changes the digest.
 */
final class PatternStream extends InputStream {
    private static final int PATTERN = 1 << 20;
    private final byte[] pattern = new byte[PATTERN];
    private final long length;
    private long pos;

    PatternStream(long seed, long length) {
        new Random(seed).nextBytes(pattern);
        this.length = length;
    }

    /** Bytes {@code [from, to)} of the stream of this seed, generated without the bytes before {@code from}. */
    static PatternStream slice(long seed, long from, long to) {
        PatternStream s = new PatternStream(seed, to);
        s.pos = from;
        return s;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - pos);
        int done = 0;
        while (done < n) {
            int inPattern = (int) (pos % PATTERN);
            int chunk = Math.min(n - done, PATTERN - inPattern);
            System.arraycopy(pattern, inPattern, b, off + done, chunk);
            long end = pos + chunk;
            // stamp each 64 KiB segment's number over its first 8 bytes
            for (long segment = pos & ~0xFFFFL; segment < end; segment += 0x10000) {
                for (int k = 0; k < 8; k++) {
                    long p = segment + k;
                    if (p >= pos && p < end) {
                        b[off + done + (int) (p - pos)] ^= (byte) ((segment >>> 16) >>> (8 * k));
                    }
                }
            }
            done += chunk;
            pos += chunk;
        }
        return n;
    }

    /** The SHA-256 hex of a whole stream of this seed and length. */
    static String sha256(long seed, long length) {
        try (PatternStream s = new PatternStream(seed, length)) {
            return Digests.sha256(s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
