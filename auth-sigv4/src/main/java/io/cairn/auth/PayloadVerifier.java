package io.cairn.auth;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Reads a request body as it streams in: decodes aws-chunked framing, checks every chunk signature and
 * the trailer, checks the signed SHA-256, Content-MD5 and flexible checksums, and always computes the MD5
 * (S3's ETag). Holds no more than one chunk header of the body at a time.
 */
public final class PayloadVerifier {

    private PayloadVerifier() {
    }

    /**
     * Prepares to read the body of an authenticated request. Validates up front: Content-MD5 syntax
     * (InvalidDigest), x-amz-checksum-* headers, x-amz-sdk-checksum-algorithm and x-amz-trailer declarations
     * (InvalidRequest / InvalidArgument), x-amz-decoded-content-length presence for aws-chunked
     * (MissingContentLength is the server's to check, not this class's).
     */
    public static PayloadVerifier forRequest(AuthContext auth, SignableRequest request) throws AuthException {
        throw new UnsupportedOperationException("TODO");
    }

    /** The decoded content length when the request declared it (x-amz-decoded-content-length or Content-Length), else -1. */
    public long declaredLength() {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * Feeds the next bytes of the body as received on the wire. Decoded content goes to {@code sink}, possibly
     * as slices of {@code wire}, valid only during the call. {@code wire}'s position is advanced to its limit.
     */
    public void update(ByteBuffer wire, Consumer<ByteBuffer> sink) throws AuthException {
        throw new UnsupportedOperationException("TODO");
    }

    /**
     * The body has ended. Checks that framing is complete (IncompleteBody), the final chunk and trailer
     * signatures, the decoded length, the SHA-256 (XAmzContentSHA256Mismatch), Content-MD5 (BadDigest) and
     * the checksums (BadDigest).
     */
    public PayloadResult finish() throws AuthException {
        throw new UnsupportedOperationException("TODO");
    }
}
