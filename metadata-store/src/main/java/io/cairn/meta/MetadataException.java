package io.cairn.meta;

/** A metadata operation refused for a reason the client must hear about. */
public final class MetadataException extends Exception {
    public enum Reason {
        NO_SUCH_BUCKET, BUCKET_EXISTS, BUCKET_NOT_EMPTY, PRECONDITION_FAILED, NO_SUCH_UPLOAD, NO_SUCH_VERSION,
        /** A completion named a part the upload does not hold (any more): S3's InvalidPart. */
        INVALID_PART
    }

    private final Reason reason;

    public MetadataException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
