package io.cairn.server.s3;

import io.cairn.auth.AuthException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception type that ends a request with an S3 error response. Carries the code, status and
 * message, plus extra elements S3 puts into the error XML (e.g. Key, BucketName, Condition).
 */
public final class S3Exception extends RuntimeException {
    private final String code;
    private final int status;
    private final Map<String, String> details = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public S3Exception(S3Error error) {
        this(error, error.defaultMessage());
    }

    public S3Exception(S3Error error, String message) {
        this(error.code(), error.status(), message);
    }

    public S3Exception(String code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    public static S3Exception from(AuthException e) {
        S3Exception s = new S3Exception(e.error().code(), e.error().status(), e.getMessage());
        e.details().forEach(s::detail);
        return s;
    }

    /** Adds an element to the error XML, e.g. {@code Condition} or {@code ArgumentName}. */
    public S3Exception detail(String element, String value) {
        if (value != null) {
            details.put(element, value);
        }
        return this;
    }

    /** Adds a response header, e.g. Content-Range on 416. */
    public S3Exception header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public Map<String, String> details() {
        return details;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
