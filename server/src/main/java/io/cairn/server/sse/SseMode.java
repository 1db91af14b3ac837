package io.cairn.server.sse;

/** The three kinds of server-side encryption, with the value S3 reports in x-amz-server-side-encryption. */
public enum SseMode {
    /** Data key sealed by the server's master key. */
    SSE_S3("AES256"),
    /** Data key sealed by a key derived from the client's key, which comes with every request. */
    SSE_C("AES256"),
    /** Data key sealed by a named KMS key. */
    SSE_KMS("aws:kms");

    private final String headerValue;

    SseMode(String headerValue) {
        this.headerValue = headerValue;
    }

    public String headerValue() {
        return headerValue;
    }
}
