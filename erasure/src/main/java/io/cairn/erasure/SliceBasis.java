package io.cairn.erasure;

import java.util.Arrays;

/**
 * How the 8 packets of a bit-sliced region form GF(2^8) symbols: bit b of a symbol, taken from packet b, is its
 * coordinate on basis element b, so multiplying by c is multiplying by the 8×8 bit matrix whose column b holds
 * the coordinates of {@code c * basis(b)}. The basis is part of the shard format.
 */
enum SliceBasis {
    /** Formats 2 and 3: 1, x, ..., x^7, so a symbol is the byte its bits form. */
    POLYNOMIAL(new int[] {1, 2, 4, 8, 16, 32, 64, 128}),
    /**
     * Format 4: γ^0..γ^3 then x·γ^0..x·γ^3, with γ = x^17, which generates the subfield GF(16) (the elements with
     * {@code a^16 = a}). Multiplying by a subfield element maps the span of each half of the basis onto itself, alike,
     * so its bit matrix is two equal 4×4 blocks: about half the ones of a general element's.
     */
    SUBFIELD(subfieldBasis());

    /** The 16 elements of GF(16) inside GF(2^8): 0 and the powers of γ. */
    static final int[] SUBFIELD_ELEMENTS = subfieldElements();

    private final int[] elements;
    /** Per field element, its coordinates as a bit mask (bit b: basis element b). */
    private final int[] coordinates = new int[256];
    /** Per field element c, the ones in the bit matrix of multiplying by c. */
    private final int[] ones = new int[256];

    SliceBasis(int[] elements) {
        this.elements = elements;
        for (int mask = 0; mask < 256; mask++) {
            int value = 0;
            for (int b = 0; b < 8; b++) {
                if ((mask >>> b & 1) != 0) {
                    value ^= elements[b];
                }
            }
            coordinates[value] = mask;
        }
        for (int c = 0; c < 256; c++) {
            for (int b = 0; b < 8; b++) {
                ones[c] += Integer.bitCount(column(c, b));
            }
        }
    }

    /** Basis element b: the value of a symbol whose only set bit is b. */
    int element(int b) {
        return elements[b];
    }

    /** Column b of the bit matrix of multiplying by c: the coordinates of {@code c * element(b)}. */
    int column(int c, int b) {
        return coordinates[Galois.mul(c, elements[b])];
    }

    /** Ones in the bit matrix of multiplying by c: what it costs the bit-sliced code. */
    int ones(int c) {
        return ones[c];
    }

    /** Whether scaling a row or column by {@code factor} keeps a matrix's elements in this basis' sparse kind. */
    boolean keepsSparse(int factor) {
        return factor != 0 && (this == POLYNOMIAL || isSubfield(factor));
    }

    /** Whether {@code a^16 = a}, which holds exactly for the elements of GF(16). */
    static boolean isSubfield(int a) {
        int power = a;
        for (int i = 0; i < 4; i++) {
            power = Galois.mul(power, power);
        }
        return power == a;
    }

    private static int[] subfieldBasis() {
        int[] basis = Arrays.copyOf(gammaPowers(4), 8);
        for (int b = 4; b < 8; b++) {
            basis[b] = Galois.mul(2, basis[b - 4]);
        }
        return basis;
    }

    private static int[] subfieldElements() {
        int[] out = new int[16];
        System.arraycopy(gammaPowers(15), 0, out, 1, 15);
        return out;
    }

    /**
     * γ^0 .. γ^(n-1) for γ = x^17: (x^17)^15 = x^255 = 1 and no smaller power of it is 1, so γ generates GF(16)'s
     * 15 units.
     */
    private static int[] gammaPowers(int n) {
        int gamma = 1;
        for (int i = 0; i < 17; i++) {
            gamma = Galois.mul(gamma, 2);
        }
        int[] powers = new int[n];
        powers[0] = 1;
        for (int i = 1; i < n; i++) {
            powers[i] = Galois.mul(powers[i - 1], gamma);
        }
        return powers;
    }
}
