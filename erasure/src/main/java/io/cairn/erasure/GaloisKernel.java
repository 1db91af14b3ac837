package io.cairn.erasure;

/**
 * Multiplies a coefficient matrix over GF(2^8) by byte columns: {@code out[r][i] = XOR over c of
 * coefficients[r][c] * in[c][i]}. Encoding and reconstruction are both this one operation; implementations
 * differ only in how fast they do it.
 */
interface GaloisKernel {
    /** Precomputes whatever lookup tables the matrix needs, so repeated calls pay for them once. */
    Multiplier prepare(byte[][] coefficients);

    String name();

    interface Multiplier {
        /**
         * Overwrites {@code out[r][outOffset, outOffset + length)} for every row r, reading
         * {@code in[c][inOffset, inOffset + length)} for every column c. Outputs must not alias inputs.
         */
        void multiply(byte[][] in, int inOffset, byte[][] out, int outOffset, int length);
    }
}
