package io.cairn.erasure;

import java.io.EOFException;
import java.io.IOException;
import java.security.MessageDigest;

/** Reads chunks of one shard file by block number, each verified against its bitrot hash. */
public final class ShardReader {
    private final ShardSource source;
    private final ShardHeader header;
    private final BitrotAlgorithm.ChunkHasher hasher;
    private final byte[] stored;
    private final byte[] computed;

    private ShardReader(ShardSource source, ShardHeader header) {
        this.source = source;
        this.header = header;
        BitrotAlgorithm algorithm = header.layout().algorithm();
        this.hasher = algorithm.newHasher();
        this.stored = new byte[algorithm.hashLength()];
        this.computed = new byte[algorithm.hashLength()];
    }

    /** Reads and checks the header. */
    public static ShardReader open(ShardSource source) throws IOException {
        byte[] bytes = new byte[ShardHeader.LENGTH];
        try {
            source.readFully(0, bytes, 0, bytes.length);
        } catch (EOFException e) {
            throw new ShardFormatException("shard file shorter than its header");
        }
        return new ShardReader(source, ShardHeader.parse(bytes));
    }

    public ShardHeader header() {
        return header;
    }

    /**
     * Reads block b's chunk ({@code layout.chunkLength(b)} bytes) into {@code dst[offset..]} and verifies it.
     *
     * @throws ShardCorruptException when the hash does not match or the file ends inside the chunk;
     *                               {@code dst} then holds garbage
     */
    public void readChunk(long block, byte[] dst, int offset) throws IOException {
        ErasureLayout layout = header.layout();
        if (block < 0 || block >= layout.blockCount()) {
            throw new IllegalArgumentException("block " + block + " outside 0.." + (layout.blockCount() - 1));
        }
        int length = layout.chunkLength(block);
        long position = layout.chunkPosition(block);
        try {
            source.readFully(position, dst, offset, length);
            source.readFully(position + length, stored, 0, stored.length);
        } catch (EOFException e) {
            throw new ShardCorruptException(header.shardIndex(), block, "shard file is truncated");
        }
        hasher.hash(header.shardIndex(), block, dst, offset, length, computed);
        if (!MessageDigest.isEqual(stored, computed)) {
            throw new ShardCorruptException(header.shardIndex(), block, "bitrot hash mismatch");
        }
    }
}
