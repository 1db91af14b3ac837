package io.cairn.erasure;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads byte ranges of an erasure-coded object from its shards, touching only the blocks the range covers.
 * Intact data chunks are used as they are (the code is systematic); when one the range needs is missing,
 * unreadable or fails its bitrot check, more shards are read until k chunks of that block are intact, and the
 * missing data is rebuilt. Every problem met is recorded in {@link #faults()} so the caller can heal.
 * One block of buffers is kept; not thread-safe.
 */
public final class ErasureDecoder {
    private final ReedSolomon codec;
    private final ErasureLayout layout;
    /** Null once a shard is known to be missing, foreign or failing with I/O errors. */
    private final ShardReader[] readers;
    private final byte[][] shards;
    private final List<ShardFault> faults = new ArrayList<>();

    private ErasureDecoder(ReedSolomon codec, ErasureLayout layout, ShardReader[] readers) {
        this.codec = codec;
        this.layout = layout;
        this.readers = readers;
        this.shards = new byte[layout.totalShards()][layout.blockCount() == 0 ? 0 : layout.chunkLength(0)];
    }

    /**
     * Opens every shard and keeps those whose header matches the layout the caller expects (from its metadata)
     * and their position; the others count as missing.
     *
     * @param sources one per shard index; null for a shard that is not available
     */
    public static ErasureDecoder open(ReedSolomon codec, ErasureLayout expected, List<? extends ShardSource> sources) {
        codec.requireFits(expected);
        if (sources.size() != expected.totalShards()) {
            throw new IllegalArgumentException("expected " + expected.totalShards() + " sources, got " + sources.size());
        }
        ShardReader[] readers = new ShardReader[sources.size()];
        ErasureDecoder decoder = new ErasureDecoder(codec, expected, readers);
        for (int i = 0; i < readers.length; i++) {
            ShardSource source = sources.get(i);
            if (source == null) {
                decoder.fault(i, ShardFault.WHOLE_SHARD, "missing");
                continue;
            }
            try {
                ShardReader reader = ShardReader.open(source);
                if (!reader.header().equals(new ShardHeader(expected, i))) {
                    decoder.fault(i, ShardFault.WHOLE_SHARD, "header " + reader.header() + " does not match");
                } else {
                    readers[i] = reader;
                }
            } catch (IOException e) {
                decoder.fault(i, ShardFault.WHOLE_SHARD, e.toString());
            }
        }
        return decoder;
    }

    public ErasureLayout layout() {
        return layout;
    }

    /** Problems found so far, in the order met. */
    public List<ShardFault> faults() {
        return List.copyOf(faults);
    }

    /**
     * Writes object bytes {@code [offset, offset + length)} to {@code out}.
     *
     * @throws NotEnoughShardsException when a block the range covers has fewer than k intact chunks; the bytes
     *                                  of the blocks before it have been written already
     */
    public void read(long offset, long length, OutputStream out) throws IOException {
        if (offset < 0 || length < 0 || offset + length > layout.objectSize()) {
            throw new IndexOutOfBoundsException("range " + offset + "+" + length + " outside an object of "
                    + layout.objectSize() + " bytes");
        }
        long end = offset + length;
        long blockSize = layout.blockSize();
        for (long block = offset / blockSize; length > 0 && block * blockSize < end; block++) {
            long blockStart = block * blockSize;
            int from = (int) (Math.max(offset, blockStart) - blockStart);
            int to = (int) (Math.min(end, blockStart + layout.blockLength(block)) - blockStart);
            decodeBlock(block, from, to);
            writeRange(block, from, to, out);
        }
    }

    /** Leaves intact data chunks covering [from, to) of the block in {@code shards}. */
    private void decodeBlock(long block, int from, int to) throws IOException {
        int chunkLength = layout.chunkLength(block);
        int n = layout.totalShards();
        boolean[] tried = new boolean[n];
        boolean[] intact = new boolean[n];
        boolean allNeeded = true;
        for (int shard = from / chunkLength; shard <= (to - 1) / chunkLength; shard++) {
            tried[shard] = true;
            intact[shard] = read(shard, block);
            allNeeded &= intact[shard];
        }
        if (allNeeded) {
            return;
        }
        int count = 0;
        for (boolean ok : intact) {
            count += ok ? 1 : 0;
        }
        for (int shard = 0; shard < n && count < layout.dataShards(); shard++) {
            if (!tried[shard] && read(shard, block)) {
                intact[shard] = true;
                count++;
            }
        }
        if (count < layout.dataShards()) {
            throw new NotEnoughShardsException(count, layout.dataShards(), "block " + block + ": " + faultsOf(block));
        }
        codec.reconstructData(shards, intact, 0, chunkLength);
    }

    private boolean read(int shard, long block) {
        ShardReader reader = readers[shard];
        if (reader == null) {
            return false;
        }
        try {
            reader.readChunk(block, shards[shard], 0);
            return true;
        } catch (ShardCorruptException e) {
            fault(shard, block, e.getMessage());
        } catch (IOException e) {
            // An I/O error is taken as the drive failing: the shard is not asked again during this read.
            readers[shard] = null;
            fault(shard, ShardFault.WHOLE_SHARD, e.toString());
        }
        return false;
    }

    private void writeRange(long block, int from, int to, OutputStream out) throws IOException {
        int chunkLength = layout.chunkLength(block);
        int at = from;
        while (at < to) {
            int shard = at / chunkLength;
            int inChunk = at % chunkLength;
            int n = Math.min(to - at, chunkLength - inChunk);
            out.write(shards[shard], inChunk, n);
            at += n;
        }
    }

    private void fault(int shard, long block, String reason) {
        faults.add(new ShardFault(shard, block, reason));
    }

    private String faultsOf(long block) {
        StringBuilder out = new StringBuilder();
        for (ShardFault fault : faults) {
            if (fault.block() == block || fault.block() == ShardFault.WHOLE_SHARD) {
                out.append(out.isEmpty() ? "" : "; ").append("shard ").append(fault.shardIndex()).append(' ')
                        .append(fault.reason());
            }
        }
        return out.toString();
    }
}
