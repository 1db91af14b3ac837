package io.cairn.auth;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/** One running flexible checksum. Updated once per buffer, never per byte. */
abstract sealed class Checksummer {

    static Checksummer of(ChecksumAlgorithm algorithm) {
        return switch (algorithm) {
            case CRC32 -> new Crc(new CRC32(), 4);
            case CRC32C -> new Crc(new CRC32C(), 4);
            case CRC64NVME -> new Crc(new Crc64Nvme(), 8);
            case SHA1 -> new Digest(Crypto.sha1());
            case SHA256 -> new Digest(Crypto.sha256());
        };
    }

    /** The raw checksum length of an algorithm, as S3 expects it base64-decoded. */
    static int length(ChecksumAlgorithm algorithm) {
        return switch (algorithm) {
            case CRC32, CRC32C -> 4;
            case CRC64NVME -> 8;
            case SHA1 -> 20;
            case SHA256 -> 32;
        };
    }

    /** Consumes the buffer's remaining bytes; the caller restores its position if it needs it again. */
    abstract void update(ByteBuffer data);

    /** The checksum as big-endian bytes; call once. */
    abstract byte[] value();

    private static final class Crc extends Checksummer {
        private final Checksum crc;
        private final int bytes;

        Crc(Checksum crc, int bytes) {
            this.crc = crc;
            this.bytes = bytes;
        }

        @Override
        void update(ByteBuffer data) {
            crc.update(data);
        }

        @Override
        byte[] value() {
            long v = crc.getValue();
            byte[] out = new byte[bytes];
            for (int i = bytes - 1; i >= 0; i--) {
                out[i] = (byte) v;
                v >>>= 8;
            }
            return out;
        }
    }

    private static final class Digest extends Checksummer {
        private final MessageDigest digest;

        Digest(MessageDigest digest) {
            this.digest = digest;
        }

        @Override
        void update(ByteBuffer data) {
            digest.update(data);
        }

        @Override
        byte[] value() {
            return digest.digest();
        }
    }
}
