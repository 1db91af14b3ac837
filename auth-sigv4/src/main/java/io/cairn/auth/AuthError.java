package io.cairn.auth;

/** The S3 errors authentication and payload verification can end in: S3 error code and HTTP status. */
public enum AuthError {
    ACCESS_DENIED("AccessDenied", 403),
    SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 403),
    INVALID_ACCESS_KEY_ID("InvalidAccessKeyId", 403),
    REQUEST_TIME_TOO_SKEWED("RequestTimeTooSkewed", 403),
    AUTHORIZATION_HEADER_MALFORMED("AuthorizationHeaderMalformed", 400),
    AUTHORIZATION_QUERY_PARAMETERS_ERROR("AuthorizationQueryParametersError", 400),
    MISSING_SECURITY_HEADER("MissingSecurityHeader", 400),
    INVALID_ARGUMENT("InvalidArgument", 400),
    INVALID_REQUEST("InvalidRequest", 400),
    CONTENT_SHA256_MISMATCH("XAmzContentSHA256Mismatch", 400),
    INVALID_DIGEST("InvalidDigest", 400),
    BAD_DIGEST("BadDigest", 400),
    INCOMPLETE_BODY("IncompleteBody", 400),
    MALFORMED_TRAILER("MalformedTrailerError", 400),
    INVALID_CHUNK_SIZE("InvalidChunkSizeError", 403);

    private final String code;
    private final int status;

    AuthError(String code, int status) {
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }
}
