package io.cairn.server.http;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A response body produced piece by piece (see {@link S3Response#sendChunks}). */
public interface BodyChunks extends AutoCloseable {

    /** The next piece, in a buffer the response may keep until written; null at the end. */
    ByteBuffer next() throws IOException;

    /** Releases what the producer holds (open files); called once, whether or not the body was finished. */
    @Override
    void close();
}
