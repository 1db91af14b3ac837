package io.cairn.erasure;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Healing of one erasure-coded object: {@link #check} reads every chunk of every shard and names the shards that
 * are missing, foreign or hold any bad chunk; {@link #rebuild} writes complete new shard files for those from the
 * intact chunks of the others, block by block (one block of buffers in memory).
 */
public final class ShardRepair {
    private ShardRepair() {
    }

    /**
     * The shards of an object that need rewriting, with the first reason found for each.
     *
     * @param sources one per shard index; null for a shard file that does not exist
     */
    public static Map<Integer, String> check(ErasureLayout expected, List<? extends ShardSource> sources) {
        Map<Integer, String> bad = new TreeMap<>();
        byte[] chunk = new byte[expected.blockCount() == 0 ? 0 : expected.chunkLength(0)];
        for (int i = 0; i < sources.size(); i++) {
            ShardReader reader = open(expected, sources.get(i), i, bad);
            if (reader == null) {
                continue;
            }
            for (long block = 0; block < expected.blockCount(); block++) {
                try {
                    reader.readChunk(block, chunk, 0);
                } catch (IOException e) {
                    bad.put(i, "block " + block + ": " + e.getMessage());
                    break;
                }
            }
        }
        return bad;
    }

    /**
     * Writes the shards {@code targets} (by index) anew from the others. Every chunk used is verified; a source
     * found bad on the way is skipped for that block.
     *
     * @throws NotEnoughShardsException when a block has fewer than k intact chunks among the other shards
     */
    public static void rebuild(ReedSolomon codec, ErasureLayout expected, List<? extends ShardSource> sources,
                               Map<Integer, ? extends OutputStream> targets) throws IOException {
        codec.requireFits(expected);
        int n = expected.totalShards();
        Map<Integer, String> ignored = new TreeMap<>();
        ShardReader[] readers = new ShardReader[n];
        for (int i = 0; i < n; i++) {
            if (!targets.containsKey(i)) {
                readers[i] = open(expected, sources.get(i), i, ignored);
            }
        }
        ShardWriter[] writers = new ShardWriter[n];
        for (Map.Entry<Integer, ? extends OutputStream> t : targets.entrySet()) {
            writers[t.getKey()] = new ShardWriter(new ShardHeader(expected, t.getKey()), t.getValue());
        }
        byte[][] shards = new byte[n][expected.blockCount() == 0 ? 0 : expected.chunkLength(0)];
        for (long block = 0; block < expected.blockCount(); block++) {
            boolean[] present = new boolean[n];
            int count = 0;
            TreeSet<Integer> failed = new TreeSet<>();
            for (int i = 0; i < n && count < expected.dataShards(); i++) {
                if (readers[i] == null) {
                    continue;
                }
                try {
                    readers[i].readChunk(block, shards[i], 0);
                    present[i] = true;
                    count++;
                } catch (IOException e) {
                    failed.add(i);
                }
            }
            if (count < expected.dataShards()) {
                throw new NotEnoughShardsException(count, expected.dataShards(),
                        "block " + block + ": shards " + failed + " unreadable, " + targets.keySet() + " being rebuilt");
            }
            codec.reconstruct(shards, present, 0, expected.chunkLength(block));
            for (int i : targets.keySet()) {
                writers[i].writeChunk(shards[i], 0);
            }
        }
    }

    private static ShardReader open(ErasureLayout expected, ShardSource source, int index, Map<Integer, String> bad) {
        if (source == null) {
            bad.put(index, "missing");
            return null;
        }
        try {
            ShardReader reader = ShardReader.open(source);
            if (!reader.header().equals(new ShardHeader(expected, index))) {
                bad.put(index, "header does not match the object");
                return null;
            }
            return reader;
        } catch (IOException e) {
            bad.put(index, e.getMessage());
            return null;
        }
    }
}
