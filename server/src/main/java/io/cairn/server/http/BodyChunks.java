package io.cairn.server.http;

import io.netty.buffer.ByteBuf;

import java.io.IOException;

/** A response body produced piece by piece (see {@link S3Response#sendChunks}). */
public interface BodyChunks extends AutoCloseable {

    /** The next piece, now owned (and released) by the caller; null at the end. */
    ByteBuf next() throws IOException;

    /** Releases what the producer holds (open files); called once, whether or not the body was finished. */
    @Override
    void close();
}
