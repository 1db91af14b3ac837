package io.cairn.auth;

/** The values x-amz-content-sha256 may take, and what they promise about the body. */
final class PayloadHash {
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    static final String STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    private PayloadHash() {
    }

    /** The mode a value declares, or null when it is not one S3 accepts. */
    static PayloadMode mode(String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case UNSIGNED_PAYLOAD -> PayloadMode.UNSIGNED;
            case STREAMING_SIGNED -> PayloadMode.STREAMING_SIGNED;
            case STREAMING_SIGNED_TRAILER -> PayloadMode.STREAMING_SIGNED_TRAILER;
            case STREAMING_UNSIGNED_TRAILER -> PayloadMode.STREAMING_UNSIGNED_TRAILER;
            default -> isSha256Hex(value) ? PayloadMode.SIGNED : null;
        };
    }

    static AuthException invalid() {
        return new AuthException(AuthError.INVALID_ARGUMENT, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
                + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, "
                + "STREAMING-UNSIGNED-PAYLOAD-TRAILER or a valid sha256 value.");
    }

    private static boolean isSha256Hex(String value) {
        if (value.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = value.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
