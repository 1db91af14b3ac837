package io.cairn.server.sse;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Random access to a stored (sealed) stream: a data file or an inline record's bytes. */
public interface SealedSource {

    /** Fills {@code dst} from {@code position}. @throws EOFException when the stream ends first */
    void readFully(long position, ByteBuffer dst) throws IOException;

    static SealedSource of(FileChannel file) {
        return (position, dst) -> {
            long at = position;
            while (dst.hasRemaining()) {
                int n = file.read(dst, at);
                if (n < 0) {
                    throw new EOFException("sealed stream shorter than expected");
                }
                at += n;
            }
        };
    }

    static SealedSource of(byte[] bytes) {
        return (position, dst) -> {
            if (position + dst.remaining() > bytes.length) {
                throw new EOFException("sealed stream shorter than expected");
            }
            dst.put(bytes, (int) position, dst.remaining());
        };
    }
}
