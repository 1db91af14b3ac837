package io.cairn.erasure;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Systematic Reed-Solomon code over GF(2^8): k data shards are stored as they are, m parity shards are
 * {@code parity = C x data} with C an m×k Cauchy matrix (scaled by rows and columns for the bit-sliced code,
 * see {@link ErasureCode}). Any k of the k+m shards rebuild the others.
 *
 * <p>Shards are byte-array columns of equal length; every method works on the range
 * {@code [offset, offset + length)} of each. The bit-sliced code's regions count from the range's start, so a
 * range is rebuilt as the same range it was encoded as. Instances are immutable apart from the decode-matrix cache and
 * safe to share between threads.
 */
public final class ReedSolomon {
    /** Erasure patterns are cached under a pair of 32-bit shard masks. */
    public static final int MAX_SHARDS = 32;
    /** Distinct erasure patterns met in practice are few; past this many the cache stops growing. */
    private static final int MAX_CACHED_PATTERNS = 4096;

    private final int dataShards;
    private final int parityShards;
    private final ErasureCode code;
    private final GfMatrix parity;
    private final GaloisKernel kernel;
    private final GaloisKernel.Multiplier encoder;
    private final Map<Long, GaloisKernel.Multiplier> decoders = new ConcurrentHashMap<>();

    /** A codec for new shards ({@link ErasureCode#forShape}) using the fastest kernel this JVM offers. */
    public static ReedSolomon create(int dataShards, int parityShards) {
        return create(dataShards, parityShards, ErasureCode.forShape(dataShards, parityShards));
    }

    /** A codec for shards written with {@code code}, using the fastest kernel this JVM offers. */
    public static ReedSolomon create(int dataShards, int parityShards, ErasureCode code) {
        return new ReedSolomon(dataShards, parityShards, code, GaloisKernels.best());
    }

    /** @param bytewise the byte-wise kernel: used as it is for {@code BYTEWISE}, under the bit-sliced one else */
    ReedSolomon(int dataShards, int parityShards, ErasureCode code, GaloisKernel bytewise) {
        if (dataShards < 1 || parityShards < 1 || dataShards + parityShards > MAX_SHARDS) {
            throw new IllegalArgumentException("need 1 <= data, 1 <= parity and data + parity <= " + MAX_SHARDS
                    + ", got " + dataShards + "+" + parityShards);
        }
        this.dataShards = dataShards;
        this.parityShards = parityShards;
        this.code = code;
        this.parity = code.parityMatrix(dataShards, parityShards);
        this.kernel = code.bitsliced() ? BitslicedKernel.over(bytewise, code.basis()) : bytewise;
        this.encoder = kernel.prepare(parity.toArrays());
    }

    public int dataShards() {
        return dataShards;
    }

    public int parityShards() {
        return parityShards;
    }

    public int totalShards() {
        return dataShards + parityShards;
    }

    public ErasureCode code() {
        return code;
    }

    /** @throws IllegalArgumentException unless this codec encodes and decodes shards of {@code layout} */
    void requireFits(ErasureLayout layout) {
        if (dataShards != layout.dataShards() || parityShards != layout.parityShards() || code != layout.code()) {
            throw new IllegalArgumentException("codec and layout disagree on the shard counts or the code");
        }
    }

    /** Which implementation runs the arithmetic ("bitsliced-vector-256", "vector-128", ...): for logs, benchmarks. */
    public String kernelName() {
        return kernel.name();
    }

    /** Computes the parity shards {@code shards[k..k+m)} from the data shards {@code shards[0..k)}. */
    public void encode(byte[][] shards, int offset, int length) {
        checkShards(shards, offset, length);
        encoder.multiply(Arrays.copyOfRange(shards, 0, dataShards), offset,
                Arrays.copyOfRange(shards, dataShards, shards.length), offset, length);
    }

    /**
     * Rebuilds every shard not marked present (their arrays are overwritten) from k present ones.
     *
     * @throws NotEnoughShardsException when fewer than k shards are present; no shard is touched then
     */
    public void reconstruct(byte[][] shards, boolean[] present, int offset, int length)
            throws NotEnoughShardsException {
        rebuild(shards, present, totalShards(), offset, length);
    }

    /** Like {@link #reconstruct} but rebuilds only missing data shards, which is all a read needs. */
    public void reconstructData(byte[][] shards, boolean[] present, int offset, int length)
            throws NotEnoughShardsException {
        rebuild(shards, present, dataShards, offset, length);
    }

    private void rebuild(byte[][] shards, boolean[] present, int limit, int offset, int length)
            throws NotEnoughShardsException {
        checkShards(shards, offset, length);
        if (present.length != totalShards()) {
            throw new IllegalArgumentException("expected " + totalShards() + " presence flags, got " + present.length);
        }
        int[] sources = new int[dataShards];
        int found = 0;
        int targetCount = 0;
        for (int i = 0; i < present.length; i++) {
            if (present[i]) {
                if (found < dataShards) {
                    sources[found++] = i;
                }
            } else if (i < limit) {
                targetCount++;
            }
        }
        if (found < dataShards) {
            throw new NotEnoughShardsException(found, dataShards, "missing shards " + missing(present));
        }
        if (targetCount == 0) {
            return;
        }
        int[] targets = new int[targetCount];
        for (int i = 0, t = 0; i < limit; i++) {
            if (!present[i]) {
                targets[t++] = i;
            }
        }
        GaloisKernel.Multiplier decoder = decoder(sources, targets);
        byte[][] in = new byte[dataShards][];
        for (int i = 0; i < dataShards; i++) {
            in[i] = shards[sources[i]];
        }
        byte[][] out = new byte[targetCount][];
        for (int i = 0; i < targetCount; i++) {
            out[i] = shards[targets[i]];
        }
        decoder.multiply(in, offset, out, offset, length);
    }

    /**
     * The rows of [I; C] for the sources form an invertible k×k matrix S with {@code S x data = sources}, so
     * {@code data = S^-1 x sources}, and any shard's row R gives {@code shard = (R x S^-1) x sources}.
     */
    private GaloisKernel.Multiplier decoder(int[] sources, int[] targets) {
        long key = (mask(sources) << 32) | mask(targets);
        GaloisKernel.Multiplier cached = decoders.get(key);
        if (cached != null) {
            return cached;
        }
        GfMatrix inverse = GfMatrix.stackedRows(parity, dataShards, sources).inverse();
        GaloisKernel.Multiplier decoder =
                kernel.prepare(GfMatrix.stackedRows(parity, dataShards, targets).times(inverse).toArrays());
        if (decoders.size() < MAX_CACHED_PATTERNS) {
            decoders.put(key, decoder);
        }
        return decoder;
    }

    private static long mask(int[] indexes) {
        long mask = 0;
        for (int index : indexes) {
            mask |= 1L << index;
        }
        return mask;
    }

    private static String missing(boolean[] present) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < present.length; i++) {
            if (!present[i]) {
                out.append(out.isEmpty() ? "" : ",").append(i);
            }
        }
        return out.toString();
    }

    private void checkShards(byte[][] shards, int offset, int length) {
        if (shards.length != totalShards()) {
            throw new IllegalArgumentException("expected " + totalShards() + " shards, got " + shards.length);
        }
        for (byte[] shard : shards) {
            if (shard == null) {
                throw new IllegalArgumentException("every shard needs an array, missing ones too");
            }
            if (offset < 0 || length < 0 || offset + length > shard.length) {
                throw new IndexOutOfBoundsException("range " + offset + "+" + length + " outside a shard of "
                        + shard.length + " bytes");
            }
        }
    }
}
