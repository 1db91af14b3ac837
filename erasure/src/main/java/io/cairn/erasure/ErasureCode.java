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
     * Written since format 4 only for shapes of more than 16 shards.
     */
    BITSLICED_SEARCHED(3),
    /**
     * Format 4: the Cauchy points are elements of the subfield GF(16) (so at most 16 shards), chosen per shape
     * ({@link CauchyPoints#subfield}), and regions are sliced on {@link SliceBasis#SUBFIELD}, on which every
     * element of the matrix, and of every matrix that rebuilds from it, is two 4×4 bit blocks: 8+4 needs 348
     * packet XORs instead of format 3's 440.
     */
    BITSLICED_SUBFIELD(4);

    private final int version;

    ErasureCode(int version) {
        this.version = version;
    }

    int version() {
        return version;
    }

    /** What new shards of k data and m parity shards are written with: format 4, or 3 beyond 16 shards. */
    public static ErasureCode forShape(int dataShards, int parityShards) {
        return dataShards + parityShards <= SliceBasis.SUBFIELD_ELEMENTS.length
                ? BITSLICED_SUBFIELD : BITSLICED_SEARCHED;
    }

    /** Whether whole regions are bit-sliced (formats 2 to 4). */
    boolean bitsliced() {
        return this != BYTEWISE;
    }

    /** How a bit-sliced region's packets form symbols. */
    SliceBasis basis() {
        return this == BITSLICED_SUBFIELD ? SliceBasis.SUBFIELD : SliceBasis.POLYNOMIAL;
    }

    /** The points of this format's Cauchy matrix for k data and m parity shards. */
    CauchyPoints.Points points(int dataShards, int parityShards) {
        return switch (this) {
            case BYTEWISE, BITSLICED -> CauchyPoints.defaults(dataShards, parityShards);
            case BITSLICED_SEARCHED -> CauchyPoints.of(dataShards, parityShards);
            case BITSLICED_SUBFIELD -> CauchyPoints.subfield(dataShards, parityShards);
        };
    }

    /** The m×k matrix the parity shards are the product of with the data shards. */
    GfMatrix parityMatrix(int dataShards, int parityShards) {
        return parityMatrix(points(dataShards, parityShards));
    }

    /** The parity matrix this format makes of {@code points}: scaled for the bit-sliced formats. */
    GfMatrix parityMatrix(CauchyPoints.Points points) {
        GfMatrix cauchy = points.matrix();
        return bitsliced() ? cauchy.sparsest(basis()) : cauchy;
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
