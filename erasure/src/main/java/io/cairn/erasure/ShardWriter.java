package io.cairn.erasure;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes one shard file to a stream: the header at once, then each block's chunk and its hash as they come.
 * The caller owns the stream (and its fsync and rename); two writes per block, so a file stream needs no
 * buffering.
 */
public final class ShardWriter {
    private final ShardHeader header;
    private final OutputStream out;
    private final BitrotAlgorithm.ChunkHasher hasher;
    private final byte[] hash;
    private long nextBlock;

    public ShardWriter(ShardHeader header, OutputStream out) throws IOException {
        this.header = header;
        this.out = out;
        this.hasher = header.layout().algorithm().newHasher();
        this.hash = new byte[header.layout().algorithm().hashLength()];
        out.write(header.toBytes());
    }

    public ShardHeader header() {
        return header;
    }

    /** Appends the next block's chunk: {@code layout.chunkLength(block)} bytes from {@code chunk[offset..]}. */
    public void writeChunk(byte[] chunk, int offset) throws IOException {
        ErasureLayout layout = header.layout();
        if (nextBlock >= layout.blockCount()) {
            throw new IllegalStateException("all " + layout.blockCount() + " blocks are written already");
        }
        int length = layout.chunkLength(nextBlock);
        hasher.hash(header.shardIndex(), nextBlock, chunk, offset, length, hash);
        out.write(chunk, offset, length);
        out.write(hash);
        nextBlock++;
    }

    public boolean complete() {
        return nextBlock == header.layout().blockCount();
    }
}
