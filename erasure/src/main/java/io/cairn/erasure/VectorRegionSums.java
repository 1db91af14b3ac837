package io.cairn.erasure;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The bit-sliced regions' packet XORs with the widest vectors the JIT offers (256 bits with AVX2): eight
 * accumulators per pass, so the XORs are independent and C2 folds every load into one; a packet is one pass at
 * 256 bits, two at 128.
 */
final class VectorRegionSums implements BitslicedKernel.RegionSums {
    static final VectorRegionSums INSTANCE = new VectorRegionSums();

    private static final VectorSpecies<Byte> SPECIES = ByteVector.SPECIES_PREFERRED.vectorBitSize() >= 256
            ? ByteVector.SPECIES_256 : ByteVector.SPECIES_128;
    private static final int LANES = SPECIES.length();

    private VectorRegionSums() {
    }

    @Override
    public String name() {
        return "vector-" + SPECIES.vectorBitSize();
    }

    @Override
    public void run(byte[][] sources, int[] sourceOffsets, int[] starts, byte[][] outputs, int[] outputOffsets,
                    int sliced) {
        for (int region = 0; region < sliced; region += BitslicedKernel.REGION) {
            for (int o = 0; o < outputs.length; o++) {
                int from = starts[o];
                int to = starts[o + 1];
                byte[] dst = outputs[o];
                // At 256 bits one pass covers a packet; at 128 bits a second pass covers its other half.
                for (int v = 0; v < BitslicedKernel.PACKET; v += 8 * LANES) {
                    ByteVector a0 = ByteVector.zero(SPECIES);
                    ByteVector a1 = a0;
                    ByteVector a2 = a0;
                    ByteVector a3 = a0;
                    ByteVector a4 = a0;
                    ByteVector a5 = a0;
                    ByteVector a6 = a0;
                    ByteVector a7 = a0;
                    for (int t = from; t < to; t++) {
                        byte[] src = sources[t];
                        int off = sourceOffsets[t] + region + v;
                        a0 = a0.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, src, off));
                        a1 = a1.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, src, off + LANES));
                        a2 = a2.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, src, off + 2 * LANES));
                        a3 = a3.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, src, off + 3 * LANES));
                        a4 = a4.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, src, off + 4 * LANES));
                        a5 = a5.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, src, off + 5 * LANES));
                        a6 = a6.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, src, off + 6 * LANES));
                        a7 = a7.lanewise(VectorOperators.XOR, ByteVector.fromArray(SPECIES, src, off + 7 * LANES));
                    }
                    int d = outputOffsets[o] + region + v;
                    a0.intoArray(dst, d);
                    a1.intoArray(dst, d + LANES);
                    a2.intoArray(dst, d + 2 * LANES);
                    a3.intoArray(dst, d + 3 * LANES);
                    a4.intoArray(dst, d + 4 * LANES);
                    a5.intoArray(dst, d + 5 * LANES);
                    a6.intoArray(dst, d + 6 * LANES);
                    a7.intoArray(dst, d + 7 * LANES);
                }
            }
        }
    }
}
