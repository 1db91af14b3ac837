package io.cairn.server.s3;

import java.nio.charset.StandardCharsets;

/** Object keys are opaque UTF-8 up to 1024 bytes; only NUL is refused (it separates key and version in metadata). */
public final class ObjectKeys {
    public static final int MAX_KEY_BYTES = 1024;

    private ObjectKeys() {
    }

    public static void requireValid(String key) {
        if (key == null || key.isEmpty()) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Object key must not be empty.");
        }
        if (key.length() > MAX_KEY_BYTES / 3 && key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new S3Exception(S3Error.KEY_TOO_LONG).detail("MaxSizeAllowed", String.valueOf(MAX_KEY_BYTES))
                    .detail("Size", String.valueOf(key.getBytes(StandardCharsets.UTF_8).length));
        }
        if (key.indexOf('\0') >= 0) {
            throw new S3Exception(S3Error.INVALID_ARGUMENT, "Object key must not contain the NUL character.");
        }
    }
}
