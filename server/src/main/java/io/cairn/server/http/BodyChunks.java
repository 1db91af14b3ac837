package io.cairn.server.http;

import java.io.IOException;

/** A response body produced piece by piece (see {@link S3Response#sendChunks}). */
public interface BodyChunks extends AutoCloseable {

    /**
     * The next piece, a {@link io.netty.buffer.ByteBuf}, a {@link io.netty.channel.FileRegion} or a {@link java.util.List}
     * of them to be written together, now owned (and released) by the caller; null at the end.
     */
    Object next() throws IOException;

    /** Releases a piece {@link #next()} returned that will not be sent. */
    static void release(Object piece) {
        if (piece instanceof java.util.List<?> list) {
            list.forEach(BodyChunks::release);
        } else {
            io.netty.util.ReferenceCountUtil.release(piece);
        }
    }

    /** Releases what the producer holds (open files); called once, whether or not the body was finished. */
    @Override
    void close();
}
