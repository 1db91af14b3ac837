package io.cairn.erasure;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32C;

/**
 * The hash stored after every shard chunk. Each is computed over the shard index and block number first, then
 * the chunk, so a chunk that is intact but in the wrong place (misdirected write, a block from another shard)
 * fails the check too.
 *
 * <p>CRC32C is the default: the JDK intrinsic (SSE4.2/CLMUL) runs at about 20 GB/s on one core here, so
 * verifying costs a few percent of a read. It detects every error burst up to 32 bits and any other random
 * corruption (flipped bits, zeroed or torn sectors, garbage) except with probability 2^-32 per chunk; it is not
 * a defence against someone who can rewrite the files on purpose, who could recompute it. SHA-256 (about
 * 1.4 GB/s here with the SHA extensions) is offered where a cryptographic digest is wanted.
 */
public enum BitrotAlgorithm {
    CRC32C(1, 4),
    SHA256(2, 32);

    private final int id;
    private final int hashLength;

    BitrotAlgorithm(int id, int hashLength) {
        this.id = id;
        this.hashLength = hashLength;
    }

    /** The byte that names this algorithm in a shard header. */
    public int id() {
        return id;
    }

    public int hashLength() {
        return hashLength;
    }

    static BitrotAlgorithm byId(int id) throws ShardFormatException {
        for (BitrotAlgorithm algorithm : values()) {
            if (algorithm.id == id) {
                return algorithm;
            }
        }
        throw new ShardFormatException("unknown bitrot hash algorithm " + id);
    }

    /** A new hasher; hashers keep state and belong to one thread. */
    ChunkHasher newHasher() {
        return switch (this) {
            case CRC32C -> new Crc32cHasher();
            case SHA256 -> new Sha256Hasher();
        };
    }

    /** Computes the hash of one chunk in its place. */
    interface ChunkHasher {
        void hash(int shardIndex, long block, byte[] chunk, int offset, int length, byte[] out);

        /** The same over the remaining bytes of {@code chunk} (heap or direct), which are not consumed. */
        void hash(int shardIndex, long block, ByteBuffer chunk, byte[] out);
    }

    private static byte[] place(byte[] place, int shardIndex, long block) {
        for (int i = 0; i < 4; i++) {
            place[i] = (byte) (shardIndex >>> (24 - 8 * i));
        }
        for (int i = 0; i < 8; i++) {
            place[4 + i] = (byte) (block >>> (56 - 8 * i));
        }
        return place;
    }

    private static final class Crc32cHasher implements ChunkHasher {
        private final CRC32C crc = new CRC32C();
        private final byte[] place = new byte[12];

        @Override
        public void hash(int shardIndex, long block, byte[] chunk, int offset, int length, byte[] out) {
            crc.reset();
            crc.update(place(place, shardIndex, block));
            crc.update(chunk, offset, length);
            result(out);
        }

        @Override
        public void hash(int shardIndex, long block, ByteBuffer chunk, byte[] out) {
            crc.reset();
            crc.update(place(place, shardIndex, block));
            crc.update(chunk.duplicate());
            result(out);
        }

        private void result(byte[] out) {
            int value = (int) crc.getValue();
            out[0] = (byte) (value >>> 24);
            out[1] = (byte) (value >>> 16);
            out[2] = (byte) (value >>> 8);
            out[3] = (byte) value;
        }
    }

    private static final class Sha256Hasher implements ChunkHasher {
        private final MessageDigest digest;
        private final byte[] place = new byte[12];

        Sha256Hasher() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }

        @Override
        public void hash(int shardIndex, long block, byte[] chunk, int offset, int length, byte[] out) {
            digest.update(place(place, shardIndex, block));
            digest.update(chunk, offset, length);
            finish(out);
        }

        @Override
        public void hash(int shardIndex, long block, ByteBuffer chunk, byte[] out) {
            digest.update(place(place, shardIndex, block));
            digest.update(chunk.duplicate());
            finish(out);
        }

        private void finish(byte[] out) {
            try {
                digest.digest(out, 0, out.length);
            } catch (java.security.DigestException e) {
                throw new IllegalStateException("output sized for SHA-256", e);
            }
        }
    }
}
