package io.cairn.erasure;

/**
 * Arithmetic in GF(2^8) with the polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D), the field most Reed-Solomon
 * storage codes use; 2 generates its multiplicative group, so log/exp tables cover every non-zero element.
 * Addition is XOR.
 */
final class Galois {
    static final int POLYNOMIAL = 0x11D;

    private static final int[] LOG = new int[256];
    /** Twice the period, so {@code EXP[log a + log b]} needs no modulo. */
    private static final int[] EXP = new int[510];
    /** Full product table, 64 KiB: row {@code a} is "multiply by a" for the scalar kernel. */
    private static final byte[][] PRODUCTS = new byte[256][256];

    static {
        int x = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = x;
            EXP[i + 255] = x;
            LOG[x] = i;
            x <<= 1;
            if (x >= 256) {
                x ^= POLYNOMIAL;
            }
        }
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                PRODUCTS[a][b] = (byte) mul(a, b);
            }
        }
    }

    private Galois() {
    }

    static int mul(int a, int b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return EXP[LOG[a] + LOG[b]];
    }

    static int inverse(int a) {
        if (a == 0) {
            throw new ArithmeticException("0 has no inverse in GF(2^8)");
        }
        return EXP[255 - LOG[a]];
    }

    /** The 256-entry table of {@code c * x} for every byte x; shared, callers must not modify it. */
    static byte[] productsOf(int c) {
        return PRODUCTS[c];
    }
}
