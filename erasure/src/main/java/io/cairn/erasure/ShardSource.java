package io.cairn.erasure;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Random access to one stored shard file, wherever it lives. */
@FunctionalInterface
public interface ShardSource {
    /** Reads exactly {@code length} bytes at {@code position}; {@link EOFException} when the file is shorter. */
    void readFully(long position, byte[] dst, int offset, int length) throws IOException;

    /** Positional reads on a channel; it stays open and may be shared, since reads do not move its position. */
    static ShardSource of(FileChannel channel) {
        return (position, dst, offset, length) -> {
            ByteBuffer buffer = ByteBuffer.wrap(dst, offset, length);
            long at = position;
            while (buffer.hasRemaining()) {
                int n = channel.read(buffer, at);
                if (n < 0) {
                    throw new EOFException("shard file ends at " + at + ", needed " + (position + length));
                }
                at += n;
            }
        };
    }
}
