package io.cairn.auth;

/** What the client promised about the body (from x-amz-content-sha256). */
public enum PayloadMode {
    /** A hex SHA-256 of the whole body was signed; the body must hash to it. */
    SIGNED,
    /** UNSIGNED-PAYLOAD, SigV2, presigned URLs and anonymous requests: the body is not covered. */
    UNSIGNED,
    /** STREAMING-AWS4-HMAC-SHA256-PAYLOAD: aws-chunked with a signature per chunk. */
    STREAMING_SIGNED,
    /** STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: signed chunks plus signed trailing headers. */
    STREAMING_SIGNED_TRAILER,
    /** STREAMING-UNSIGNED-PAYLOAD-TRAILER: aws-chunked without chunk signatures, with trailing headers. */
    STREAMING_UNSIGNED_TRAILER;

    public boolean chunked() {
        return this == STREAMING_SIGNED || this == STREAMING_SIGNED_TRAILER || this == STREAMING_UNSIGNED_TRAILER;
    }
}
