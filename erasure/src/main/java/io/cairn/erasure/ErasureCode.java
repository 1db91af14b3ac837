package io.cairn.erasure;

/**
 * How shard bytes carry the code: which parity matrix, and how bytes map to GF(2^8) symbols. It is the format
 * version in every shard's header, so shards written by an older version stay readable and healable.
 */
public enum ErasureCode {
    /** Format 1: every byte is a symbol; parity by the Cauchy matrix. Only read (and healed) since format 2. */
    BYTEWISE(1),
    /**
     * Format 2: whole regions of 2 KiB per shard are bit-sliced (see {@link BitslicedKernel}), the bytes after the
     * last whole region of a chunk are symbols as in format 1; parity by the Cauchy matrix scaled to the fewest
     * ones in its bit matrices. Encoding runs 1.4 (8+4) to 2.3 (4+2) times as fast as format 1
     * (docs/benchmarks.md). Only read (and healed) since format 3.
     */
    BITSLICED(2),
    /**
     * Format 3: format 2 with the Cauchy matrix's points chosen per shape ({@link CauchyPoints}) for the fewest
     * packet XORs (8+4: 440 instead of 600); encoding runs 1.35 (8+4) to 1.47 (12+4) times as fast as format 2.
     */
    BITSLICED_SEARCHED(3);

    /** What new shards are written with. */
    public static final ErasureCode CURRENT = BITSLICED_SEARCHED;

    private final int version;

    ErasureCode(int version) {
        this.version = version;
    }

    int version() {
        return version;
    }

    /** Whether whole regions are bit-sliced (formats 2 and 3). */
    boolean bitsliced() {
        return this != BYTEWISE;
    }

    /** The points of this format's Cauchy matrix for k data and m parity shards. */
    CauchyPoints.Points points(int dataShards, int parityShards) {
        return this == BITSLICED_SEARCHED
                ? CauchyPoints.of(dataShards, parityShards) : CauchyPoints.defaults(dataShards, parityShards);
    }

    /** The m×k matrix the parity shards are the product of with the data shards. */
    GfMatrix parityMatrix(int dataShards, int parityShards) {
        GfMatrix cauchy = points(dataShards, parityShards).matrix();
        return bitsliced() ? cauchy.sparsest() : cauchy;
    }

    static ErasureCode ofVersion(int version) throws ShardFormatException {
        for (ErasureCode code : values()) {
            if (code.version == version) {
                return code;
            }
        }
        throw new ShardFormatException("unsupported shard format version " + version);
    }
}
