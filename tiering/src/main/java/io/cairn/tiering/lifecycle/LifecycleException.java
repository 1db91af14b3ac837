package io.cairn.tiering.lifecycle;

/**
 * A lifecycle configuration S3 would refuse, with the S3 error code it answers (MalformedXML, InvalidArgument,
 * InvalidRequest, InvalidStorageClass; all 400) and its message.
 */
public final class LifecycleException extends Exception {
    public static final String MALFORMED_XML = "MalformedXML";
    public static final String INVALID_ARGUMENT = "InvalidArgument";
    public static final String INVALID_REQUEST = "InvalidRequest";
    public static final String INVALID_STORAGE_CLASS = "InvalidStorageClass";

    private final String code;

    public LifecycleException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The S3 error code. */
    public String code() {
        return code;
    }
}
