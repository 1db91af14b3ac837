package io.cairn.erasure;

/**
 * Something found wrong with a shard while reading, for the healing that should follow.
 *
 * @param block the block whose chunk is bad, or {@link #WHOLE_SHARD} when the shard is missing or unreadable
 */
public record ShardFault(int shardIndex, long block, String reason) {
    public static final long WHOLE_SHARD = -1;
}
