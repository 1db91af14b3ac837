package io.cairn.erasure;

import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Verifies a chunk that was read outside {@link ShardReader}, e.g. straight from a shard file into the buffer that
 * is then sent, against the hash stored after it. Keeps state: one per thread.
 */
public final class ChunkCheck {
    private final BitrotAlgorithm.ChunkHasher hasher;
    private final byte[] computed;

    public ChunkCheck(BitrotAlgorithm algorithm) {
        this.hasher = algorithm.newHasher();
        this.computed = new byte[algorithm.hashLength()];
    }

    /** Whether the remaining bytes of {@code chunk} (not consumed) are block {@code block} of shard {@code shard}. */
    public boolean matches(int shardIndex, long block, ByteBuffer chunk, byte[] stored) {
        hasher.hash(shardIndex, block, chunk, computed);
        return MessageDigest.isEqual(stored, computed);
    }
}
