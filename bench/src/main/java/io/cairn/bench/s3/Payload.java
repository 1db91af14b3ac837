package io.cairn.bench.s3;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * All request bodies come from one buffer of random bytes made up front: a PUT takes a retained slice of it
 * (no allocation of data, no copy; the socket writes straight from this memory). Slices start at a random
 * offset within the first {@link #WINDOW} bytes so that consecutive objects are not byte-identical.
 */
public final class Payload implements AutoCloseable {
    static final int WINDOW = 64 * 1024;

    private final ByteBuf buffer;
    private final int maxSize;

    /** @param maxSize the largest body any request will take */
    public Payload(long maxSize) {
        if (maxSize > Integer.MAX_VALUE - WINDOW) {
            throw new IllegalArgumentException("bodies are limited to 2 GiB");
        }
        this.maxSize = (int) maxSize;
        int capacity = this.maxSize + WINDOW;
        buffer = Unpooled.directBuffer(capacity, capacity);
        SplittableRandom random = new SplittableRandom(0x5eed_ca12L);
        while (buffer.writableBytes() >= Long.BYTES) {
            buffer.writeLong(random.nextLong());
        }
        while (buffer.isWritable()) {
            buffer.writeByte(random.nextInt());
        }
    }

    /** A read-only view of {@code size} random bytes; the caller (the HTTP encoder) releases it. */
    public ByteBuf slice(long size, RandomGenerator random) {
        if (size == 0) {
            return Unpooled.EMPTY_BUFFER;
        }
        if (size > maxSize) {
            throw new IllegalArgumentException("body of " + size + " bytes exceeds the payload's " + maxSize);
        }
        return buffer.retainedSlice(random.nextInt(WINDOW + 1), (int) size);
    }

    @Override
    public void close() {
        buffer.release();
    }
}
