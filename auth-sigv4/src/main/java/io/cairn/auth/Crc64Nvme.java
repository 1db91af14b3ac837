package io.cairn.auth;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.zip.Checksum;

/**
 * CRC-64/NVME (reflected, polynomial 0x9a6c9329ac4bc9b5, init and xorout all ones), the CRC64NVME of S3's
 * flexible checksums. Slicing-by-8: eight table lookups per eight input bytes.
 */
public final class Crc64Nvme implements Checksum {
    private static final long POLY_REFLECTED = 0x9a6c9329ac4bc9b5L;
    /** TABLE[k * 256 + b]: the CRC of byte b followed by k zero bytes; one flat array for locality. */
    private static final long[] TABLE = table();
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);

    /** Inverted, as the register runs between updates. */
    private long crc = -1L;

    @Override
    public void update(int b) {
        long c = crc;
        crc = TABLE[(int) ((c ^ b) & 0xff)] ^ (c >>> 8);
    }

    @Override
    public void update(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        long c = crc;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            c = step8(c ^ (long) LONG_LE.get(b, i));
        }
        for (; i < end; i++) {
            c = TABLE[(int) ((c ^ b[i]) & 0xff)] ^ (c >>> 8);
        }
        crc = c;
    }

    /** Consumes the buffer's remaining bytes, heap or direct, without copying them. */
    @Override
    public void update(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            int pos = buffer.position();
            update(buffer.array(), buffer.arrayOffset() + pos, buffer.remaining());
            buffer.position(buffer.limit());
            return;
        }
        ByteBuffer le = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long c = crc;
        int i = buffer.position();
        int end = buffer.limit();
        for (; i + 8 <= end; i += 8) {
            c = step8(c ^ le.getLong(i));
        }
        for (; i < end; i++) {
            c = TABLE[(int) ((c ^ le.get(i)) & 0xff)] ^ (c >>> 8);
        }
        crc = c;
        buffer.position(end);
    }

    @Override
    public long getValue() {
        return ~crc;
    }

    @Override
    public void reset() {
        crc = -1L;
    }

    /** Advances the register over eight bytes already XORed into it; the first byte is furthest from the end. */
    private static long step8(long c) {
        return TABLE[7 * 256 + (int) (c & 0xff)]
                ^ TABLE[6 * 256 + (int) ((c >>> 8) & 0xff)]
                ^ TABLE[5 * 256 + (int) ((c >>> 16) & 0xff)]
                ^ TABLE[4 * 256 + (int) ((c >>> 24) & 0xff)]
                ^ TABLE[3 * 256 + (int) ((c >>> 32) & 0xff)]
                ^ TABLE[2 * 256 + (int) ((c >>> 40) & 0xff)]
                ^ TABLE[256 + (int) ((c >>> 48) & 0xff)]
                ^ TABLE[(int) (c >>> 56)];
    }

    private static long[] table() {
        long[] t = new long[8 * 256];
        for (int b = 0; b < 256; b++) {
            long c = b;
            for (int bit = 0; bit < 8; bit++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
            }
            t[b] = c;
        }
        for (int k = 1; k < 8; k++) {
            for (int b = 0; b < 256; b++) {
                long previous = t[(k - 1) * 256 + b];
                t[k * 256 + b] = (previous >>> 8) ^ t[(int) (previous & 0xff)];
            }
        }
        return t;
    }
}
