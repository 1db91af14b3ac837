package io.cairn.erasure;

/**
 * How one object is cut into shards: the object is split into blocks of {@code blockSize} bytes (the last one
 * shorter), each block into k equal chunks (the last zero-padded) plus m parity chunks, one per shard. A shard
 * file is its header followed, per block, by the chunk and its bitrot hash, so block b of every shard starts at
 * a position computed from the layout alone.
 *
 * @param writeId random per encoding and the same in every shard of one object, so a shard left over from
 *                another write of the same name is recognised
 * @param code    how the shards carry the code (the shard format version)
 */
public record ErasureLayout(int dataShards, int parityShards, int blockSize, long objectSize,
                            BitrotAlgorithm algorithm, long writeId, ErasureCode code) {

    /** A layout for new shards: the code new shards of this shape are written with. */
    public ErasureLayout(int dataShards, int parityShards, int blockSize, long objectSize, BitrotAlgorithm algorithm,
                         long writeId) {
        this(dataShards, parityShards, blockSize, objectSize, algorithm, writeId,
                ErasureCode.forShape(dataShards, parityShards));
    }

    public ErasureLayout {
        if (dataShards < 1 || parityShards < 1 || dataShards + parityShards > ReedSolomon.MAX_SHARDS) {
            throw new IllegalArgumentException("bad shard counts " + dataShards + "+" + parityShards);
        }
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be positive, got " + blockSize);
        }
        if (objectSize < 0) {
            throw new IllegalArgumentException("object size must not be negative, got " + objectSize);
        }
        if (algorithm == null) {
            throw new IllegalArgumentException("a bitrot algorithm is required");
        }
        if (code == null) {
            throw new IllegalArgumentException("an erasure code is required");
        }
    }

    public int totalShards() {
        return dataShards + parityShards;
    }

    public long blockCount() {
        return (objectSize + blockSize - 1) / blockSize;
    }

    /** Object bytes in block b: blockSize except for the last block. */
    public int blockLength(long block) {
        return (int) Math.min(blockSize, objectSize - block * blockSize);
    }

    /** Bytes of every shard's chunk for block b (data chunks of a short block are padded to this). */
    public int chunkLength(long block) {
        return ceilDiv(blockLength(block), dataShards);
    }

    /** Where block b's chunk starts in a shard file; every block before the last has a full-size chunk. */
    public long chunkPosition(long block) {
        return ShardHeader.LENGTH + block * (ceilDiv(blockSize, dataShards) + (long) algorithm.hashLength());
    }

    /** The size of every complete shard file of this object. */
    public long shardFileSize() {
        long blocks = blockCount();
        return blocks == 0 ? ShardHeader.LENGTH : chunkPosition(blocks - 1) + chunkLength(blocks - 1) + algorithm.hashLength();
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
