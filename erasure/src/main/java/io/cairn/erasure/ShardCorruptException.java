package io.cairn.erasure;

import java.io.IOException;

/** One chunk of one shard failed its bitrot check or was cut short; the rest of the shard may be fine. */
public final class ShardCorruptException extends IOException {
    private final int shardIndex;
    private final long block;

    public ShardCorruptException(int shardIndex, long block, String reason) {
        super("shard " + shardIndex + " block " + block + ": " + reason);
        this.shardIndex = shardIndex;
        this.block = block;
    }

    public int shardIndex() {
        return shardIndex;
    }

    public long block() {
        return block;
    }
}
