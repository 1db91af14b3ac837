package io.cairn.auth;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Flexible checksums outside a request body, for the server's own needs (composite multipart checksums,
 * copies, validating checksums listed in a request document).
 */
public final class Checksums {

    private Checksums() {
    }

    /** The checksum of the buffer's remaining bytes, big-endian; the buffer's position is left unchanged. */
    public static byte[] compute(ChecksumAlgorithm algorithm, ByteBuffer data) {
        Checksummer checksummer = Checksummer.of(algorithm);
        checksummer.update(data.duplicate());
        return checksummer.value();
    }

    /** The checksum as S3 shows it: base64 of the big-endian bytes. */
    public static String base64(ChecksumAlgorithm algorithm, ByteBuffer data) {
        return Base64.getEncoder().encodeToString(compute(algorithm, data));
    }

    /** Decodes a base64 checksum value, or answers null when it is not base64 of the algorithm's length. */
    public static byte[] decode(ChecksumAlgorithm algorithm, String base64) {
        if (base64 == null) {
            return null;
        }
        try {
            byte[] raw = Base64.getDecoder().decode(base64.strip());
            return raw.length == Checksummer.length(algorithm) ? raw : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
