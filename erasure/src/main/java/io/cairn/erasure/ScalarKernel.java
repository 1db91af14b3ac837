package io.cairn.erasure;

/** Byte-at-a-time table lookups: the reference implementation and the fallback without the Vector API. */
final class ScalarKernel implements GaloisKernel {
    static final ScalarKernel INSTANCE = new ScalarKernel();
    private static final int CHUNK = 4096;

    private ScalarKernel() {
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public Multiplier prepare(byte[][] coefficients) {
        byte[][][] tables = new byte[coefficients.length][][];
        for (int r = 0; r < coefficients.length; r++) {
            tables[r] = new byte[coefficients[r].length][];
            for (int c = 0; c < coefficients[r].length; c++) {
                tables[r][c] = Galois.productsOf(coefficients[r][c] & 0xFF);
            }
        }
        return (in, inOffset, out, outOffset, length) -> {
            // Chunks keep the inputs in L1 while every output row reads them again.
            for (int done = 0; done < length; done += CHUNK) {
                int n = Math.min(CHUNK, length - done);
                multiply(tables, in, inOffset + done, out, outOffset + done, n);
            }
        };
    }

    /** Also serves the vector kernel's tails, which are shorter than one vector. */
    static void multiply(byte[][][] tables, byte[][] in, int inOffset, byte[][] out, int outOffset, int length) {
        for (int r = 0; r < tables.length; r++) {
            byte[][] row = tables[r];
            byte[] dst = out[r];
            byte[] first = row[0];
            byte[] src = in[0];
            for (int i = 0; i < length; i++) {
                dst[outOffset + i] = first[src[inOffset + i] & 0xFF];
            }
            for (int c = 1; c < row.length; c++) {
                byte[] table = row[c];
                src = in[c];
                for (int i = 0; i < length; i++) {
                    dst[outOffset + i] ^= table[src[inOffset + i] & 0xFF];
                }
            }
        }
    }
}
