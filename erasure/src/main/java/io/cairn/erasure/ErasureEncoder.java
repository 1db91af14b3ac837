package io.cairn.erasure;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Erasure-codes a stream of object bytes into k+m shard streams, one block at a time: only one block (and its
 * parity) is ever in memory. Write the object's bytes, then {@link #close()}; the declared object size must be
 * met exactly, since every shard header states it.
 *
 * <p>A shard stream that fails is dropped and the others go on while at least {@code writeQuorum} remain; below
 * that the write fails with {@link NotEnoughShardsException}. The caller owns the shard streams: it closes them,
 * makes the complete ones durable, and discards the ones listed in {@link #failedShards()}. Not thread-safe.
 */
public final class ErasureEncoder extends OutputStream {
    private final ReedSolomon codec;
    private final ErasureLayout layout;
    private final int writeQuorum;
    private final ShardWriter[] writers;
    private final Map<Integer, IOException> failures = new TreeMap<>();
    /** k data chunks (filled by write) then m parity chunks, each sized for a full block. */
    private final byte[][] shards;
    private long block;
    private int filled;
    private long written;
    private boolean closed;

    /**
     * @param outputs     one per shard, by shard index; null for a shard that cannot be written at all
     * @param writeQuorum how many shards must be written completely, from k (no redundancy left) to k+m
     */
    public ErasureEncoder(ReedSolomon codec, ErasureLayout layout, List<? extends OutputStream> outputs,
                          int writeQuorum) throws IOException {
        codec.requireFits(layout);
        if (outputs.size() != layout.totalShards()) {
            throw new IllegalArgumentException("expected " + layout.totalShards() + " outputs, got " + outputs.size());
        }
        if (writeQuorum < layout.dataShards() || writeQuorum > layout.totalShards()) {
            throw new IllegalArgumentException("write quorum must be between k and k+m, got " + writeQuorum);
        }
        this.codec = codec;
        this.layout = layout;
        this.writeQuorum = writeQuorum;
        this.writers = new ShardWriter[layout.totalShards()];
        this.shards = new byte[layout.totalShards()][layout.blockCount() == 0 ? 0 : layout.chunkLength(0)];
        for (int i = 0; i < writers.length; i++) {
            OutputStream out = outputs.get(i);
            if (out == null) {
                failures.put(i, new IOException("no output for shard " + i));
                continue;
            }
            try {
                writers[i] = new ShardWriter(new ShardHeader(layout, i), out);
            } catch (IOException e) {
                failures.put(i, e);
            }
        }
        checkQuorum();
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (closed) {
            throw new IOException("erasure encoder is closed");
        }
        if (length > layout.objectSize() - written) {
            throw new IOException("more than the declared " + layout.objectSize() + " bytes");
        }
        while (length > 0) {
            int blockLength = layout.blockLength(block);
            int chunkLength = layout.chunkLength(block);
            int shard = filled / chunkLength;
            int at = filled % chunkLength;
            int n = Math.min(length, Math.min(chunkLength - at, blockLength - filled));
            System.arraycopy(bytes, offset, shards[shard], at, n);
            offset += n;
            length -= n;
            filled += n;
            written += n;
            if (filled == blockLength) {
                encodeBlock(blockLength, chunkLength);
            }
        }
    }

    private void encodeBlock(int blockLength, int chunkLength) throws IOException {
        // A short last block leaves the tail of the data chunks unfilled; parity is defined over zeros there.
        for (int shard = blockLength / chunkLength; shard < layout.dataShards(); shard++) {
            Arrays.fill(shards[shard], Math.max(0, blockLength - shard * chunkLength), chunkLength, (byte) 0);
        }
        codec.encode(shards, 0, chunkLength);
        for (int i = 0; i < writers.length; i++) {
            if (writers[i] == null) {
                continue;
            }
            try {
                writers[i].writeChunk(shards[i], 0);
            } catch (IOException e) {
                writers[i] = null;
                failures.put(i, e);
            }
        }
        checkQuorum();
        block++;
        filled = 0;
    }

    private void checkQuorum() throws NotEnoughShardsException {
        int live = layout.totalShards() - failures.size();
        if (live < writeQuorum) {
            StringBuilder detail = new StringBuilder();
            failures.forEach((shard, e) -> detail.append(detail.isEmpty() ? "" : "; ")
                    .append("shard ").append(shard).append(": ").append(e.getMessage()));
            throw new NotEnoughShardsException(live, writeQuorum, detail.toString());
        }
    }

    /** Checks that exactly the declared object size was written; does not close the shard streams. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (written != layout.objectSize()) {
            throw new IOException("object declared " + layout.objectSize() + " bytes but " + written + " were written");
        }
    }

    /** The shards that could not be written, by index, with the reason: their streams hold no valid shard. */
    public Map<Integer, IOException> failedShards() {
        return Map.copyOf(failures);
    }
}
