package io.cairn.erasure;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Bit-sliced multiplication, the XOR form of Cauchy Reed-Solomon (Blömer et al.; Plank's Jerasure): a region of 8
 * packets of {@link #PACKET} bytes holds 8 × PACKET symbols, the bits of one symbol being the same bit of the same
 * byte in packets 0..7. Multiplying by c is then multiplying by its 8×8 bit matrix: output packet b' is the XOR of
 * the input packets b whose bit is set in row b'. That is only XORs of whole packets, which SIMD does about as fast
 * as it loads them, where the byte-wise split-nibble method needs table shuffles. Which bit of a symbol is which
 * depends on the {@link SliceBasis}. The cost is one packet XOR per one in the bit matrices, hence
 * {@link GfMatrix#sparsest}; and an output packet whose sources differ little from an
 * output packet computed before it starts from that one ("smart scheduling").
 *
 * <p>The bytes after the last whole region of a range ({@code length % REGION}) are multiplied byte-wise by the
 * underlying kernel, so a result depends on where the range starts: encode and rebuild the same ranges.
 */
final class BitslicedKernel implements GaloisKernel {
    static final int PACKET = 256;
    static final int REGION = 8 * PACKET;

    /**
     * Computes the whole regions of a range: for each region in {@code [0, sliced)}, every output packet o in order
     * (at {@code outputOffsets[o] + region} of {@code outputs[o]}) as the XOR of the packets
     * {@code sources[t]} at {@code sourceOffsets[t] + region} for t in {@code [starts[o], starts[o + 1])}. A source
     * may be an output computed before. All loops are in one method: a call per packet costs C2's code a fifth of its
     * speed. Each term's array and offset are looked up rather than derived from a term number: 4-10% faster (8+4)
     * (one load against a shift, a compare, a select and an array load per packet).
     */
    interface RegionSums {
        void run(byte[][] sources, int[] sourceOffsets, int[] starts, byte[][] outputs, int[] outputOffsets,
                 int sliced);

        String name();
    }

    private final GaloisKernel bytewise;
    private final SliceBasis basis;
    private final RegionSums sum;

    private BitslicedKernel(GaloisKernel bytewise, SliceBasis basis, RegionSums sum) {
        this.bytewise = bytewise;
        this.basis = basis;
        this.sum = sum;
    }

    /** Over the vector kernel, packets are summed with SIMD too; over the scalar one, with longs. */
    static BitslicedKernel over(GaloisKernel bytewise, SliceBasis basis) {
        return new BitslicedKernel(bytewise, basis,
                bytewise instanceof VectorKernel ? VectorRegionSums.INSTANCE : LongRegionSums.INSTANCE);
    }

    @Override
    public String name() {
        return "bitsliced-" + sum.name();
    }

    @Override
    public Multiplier prepare(byte[][] coefficients) {
        return new Sliced(coefficients, basis, bytewise.prepare(coefficients), sum);
    }

    /** Packet XORs per region of multiplying by {@code coefficients}: what the bit-sliced code costs. */
    static int packetXors(byte[][] coefficients, SliceBasis basis) {
        return Schedule.of(coefficients, basis).terms().length;
    }

    /**
     * Output packet o (row o / 8, packet o % 8) is the XOR of the packets named by
     * {@code terms[starts[o], starts[o + 1])}, each {@code array * 8 + packet}, arrays 0..cols-1 being the inputs
     * and cols.. the outputs (only ones computed before o).
     */
    private record Schedule(int[] terms, int[] starts) {
        static Schedule of(byte[][] coefficients, SliceBasis basis) {
            int rows = coefficients.length;
            int cols = rows == 0 ? 0 : coefficients[0].length;
            long[][] sources = sources(coefficients, basis, rows, cols);
            int outputs = rows * 8;
            int[] starts = new int[outputs + 1];
            int[] list = new int[outputs * (cols * 8 + 1)];
            int n = 0;
            for (int o = 0; o < outputs; o++) {
                int from = -1;
                int cost = bitCount(sources[o]);
                for (int q = 0; q < o; q++) {
                    int c = 1 + bitCountOfXor(sources[o], sources[q]);
                    if (c < cost) {
                        cost = c;
                        from = q;
                    }
                }
                long[] set = sources[o].clone();
                if (from >= 0) {
                    list[n++] = (cols + from / 8) * 8 + from % 8;
                    for (int w = 0; w < set.length; w++) {
                        set[w] ^= sources[from][w];
                    }
                }
                for (int w = 0; w < set.length; w++) {
                    for (long bits = set[w]; bits != 0; bits &= bits - 1) {
                        list[n++] = w * 64 + Long.numberOfTrailingZeros(bits);
                    }
                }
                starts[o + 1] = n;
            }
            return new Schedule(Arrays.copyOf(list, n), starts);
        }

        /** Per output packet, the set of input packets ({@code column * 8 + packet}) it is the XOR of. */
        private static long[][] sources(byte[][] coefficients, SliceBasis basis, int rows, int cols) {
            long[][] sources = new long[rows * 8][(cols * 8 + 63) / 64];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    for (int b = 0; b < 8; b++) {
                        // Column b of the bit matrix of c: where input bit b lands.
                        int product = basis.column(coefficients[r][c] & 0xFF, b);
                        int source = c * 8 + b;
                        for (int bit = 0; bit < 8; bit++) {
                            if ((product >>> bit & 1) != 0) {
                                sources[r * 8 + bit][source >>> 6] |= 1L << source;
                            }
                        }
                    }
                }
            }
            return sources;
        }

        private static int bitCount(long[] set) {
            int n = 0;
            for (long w : set) {
                n += Long.bitCount(w);
            }
            return n;
        }

        private static int bitCountOfXor(long[] a, long[] b) {
            int n = 0;
            for (int w = 0; w < a.length; w++) {
                n += Long.bitCount(a[w] ^ b[w]);
            }
            return n;
        }
    }

    private static final class Sliced implements Multiplier {
        private final int rows;
        private final int cols;
        private final Schedule schedule;
        private final Multiplier tail;
        private final RegionSums sum;

        Sliced(byte[][] coefficients, SliceBasis basis, Multiplier tail, RegionSums sum) {
            this.rows = coefficients.length;
            this.cols = rows == 0 ? 0 : coefficients[0].length;
            this.schedule = Schedule.of(coefficients, basis);
            this.tail = tail;
            this.sum = sum;
        }

        @Override
        public void multiply(byte[][] in, int inOffset, byte[][] out, int outOffset, int length) {
            int sliced = length - length % REGION;
            if (sliced > 0) {
                int[] terms = schedule.terms();
                byte[][] sources = new byte[terms.length][];
                int[] sourceOffsets = new int[terms.length];
                for (int t = 0; t < terms.length; t++) {
                    int array = terms[t] >>> 3;
                    boolean input = array < cols;
                    sources[t] = input ? in[array] : out[array - cols];
                    sourceOffsets[t] = (input ? inOffset : outOffset) + (terms[t] & 7) * PACKET;
                }
                byte[][] outputs = new byte[rows * 8][];
                int[] outputOffsets = new int[rows * 8];
                for (int o = 0; o < outputs.length; o++) {
                    outputs[o] = out[o >>> 3];
                    outputOffsets[o] = outOffset + (o & 7) * PACKET;
                }
                sum.run(sources, sourceOffsets, schedule.starts(), outputs, outputOffsets, sliced);
            }
            if (sliced < length) {
                tail.multiply(in, inOffset + sliced, out, outOffset + sliced, length - sliced);
            }
        }
    }

    /** The packet XORs eight bytes at a time: the fallback where the Vector API is not there. */
    private static final class LongRegionSums implements RegionSums {
        static final LongRegionSums INSTANCE = new LongRegionSums();
        private static final VarHandle LONGS =
                MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

        @Override
        public void run(byte[][] sources, int[] sourceOffsets, int[] starts, byte[][] outputs, int[] outputOffsets,
                        int sliced) {
            for (int region = 0; region < sliced; region += REGION) {
                for (int o = 0; o < outputs.length; o++) {
                    byte[] dst = outputs[o];
                    int dstOffset = outputOffsets[o] + region;
                    for (int i = 0; i < PACKET; i += Long.BYTES) {
                        long acc = 0;
                        for (int t = starts[o]; t < starts[o + 1]; t++) {
                            acc ^= (long) LONGS.get(sources[t], sourceOffsets[t] + region + i);
                        }
                        LONGS.set(dst, dstOffset + i, acc);
                    }
                }
            }
        }

        @Override
        public String name() {
            return "scalar";
        }
    }
}
