package io.cairn.erasure;

import java.util.Arrays;

/** An immutable matrix over GF(2^8); rows are byte arrays of unsigned field elements. */
final class GfMatrix {
    private final byte[][] rows;

    private GfMatrix(byte[][] rows) {
        this.rows = rows;
    }

    static GfMatrix identity(int n) {
        byte[][] rows = new byte[n][n];
        for (int i = 0; i < n; i++) {
            rows[i][i] = 1;
        }
        return new GfMatrix(rows);
    }

    /**
     * The Cauchy matrix {@code 1 / (x_i + y_j)}: with all x and y distinct, every square submatrix is invertible,
     * and so is every k×k submatrix of [identity; this].
     */
    static GfMatrix cauchy(int[] xs, int[] ys) {
        boolean[] used = new boolean[256];
        for (int[] points : new int[][] {xs, ys}) {
            for (int p : points) {
                if (p < 0 || p > 255 || used[p]) {
                    throw new IllegalArgumentException("Cauchy points must be distinct elements of GF(2^8), got x = "
                            + Arrays.toString(xs) + ", y = " + Arrays.toString(ys));
                }
                used[p] = true;
            }
        }
        byte[][] rows = new byte[xs.length][ys.length];
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < ys.length; j++) {
                rows[i][j] = (byte) Galois.inverse(xs[i] ^ ys[j]);
            }
        }
        return new GfMatrix(rows);
    }

    /**
     * This matrix with columns and rows scaled by non-zero factors so that its elements' multiplications, as 8×8
     * bit matrices on {@code basis}, have as few ones as this simple search finds: columns are scaled so the first
     * row is all ones (identity bit matrices), then each further row by the factor (smallest on ties) giving it the
     * fewest ones, among the factors that keep the basis' sparse kind (on the subfield basis: subfield elements).
     * Scaling rows and columns keeps every square submatrix invertible, so a scaled Cauchy matrix is still MDS; a
     * bit-sliced multiply costs one XOR of a packet per one (see {@link BitslicedKernel}).
     */
    GfMatrix sparsest(SliceBasis basis) {
        byte[][] out = toArrays();
        for (int j = 0; j < columnCount(); j++) {
            int factor = Galois.inverse(get(0, j));
            for (byte[] row : out) {
                row[j] = (byte) Galois.mul(row[j] & 0xFF, factor);
            }
        }
        for (int i = 1; i < out.length; i++) {
            int best = 1;
            int fewest = Integer.MAX_VALUE;
            for (int factor = 1; factor < 256; factor++) {
                if (!basis.keepsSparse(factor)) {
                    continue;
                }
                int ones = 0;
                for (byte b : out[i]) {
                    ones += basis.ones(Galois.mul(b & 0xFF, factor));
                }
                if (ones < fewest) {
                    fewest = ones;
                    best = factor;
                }
            }
            scaleRow(out[i], best);
        }
        return new GfMatrix(out);
    }

    int rowCount() {
        return rows.length;
    }

    int columnCount() {
        return rows.length == 0 ? 0 : rows[0].length;
    }

    int get(int row, int col) {
        return rows[row][col] & 0xFF;
    }

    /** The rows of [identity(cols); this] selected by {@code indexes}, in that order. */
    static GfMatrix stackedRows(GfMatrix parity, int cols, int[] indexes) {
        byte[][] out = new byte[indexes.length][];
        for (int i = 0; i < indexes.length; i++) {
            int index = indexes[i];
            if (index < cols) {
                out[i] = new byte[cols];
                out[i][index] = 1;
            } else {
                out[i] = parity.rows[index - cols].clone();
            }
        }
        return new GfMatrix(out);
    }

    GfMatrix times(GfMatrix other) {
        int n = other.columnCount();
        int inner = columnCount();
        if (inner != other.rowCount()) {
            throw new IllegalArgumentException("matrix shapes do not match");
        }
        byte[][] out = new byte[rows.length][n];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < n; c++) {
                int sum = 0;
                for (int i = 0; i < inner; i++) {
                    sum ^= Galois.mul(get(r, i), other.get(i, c));
                }
                out[r][c] = (byte) sum;
            }
        }
        return new GfMatrix(out);
    }

    /** Gauss-Jordan elimination; throws when the matrix is singular (never for the codec's submatrices). */
    GfMatrix inverse() {
        int n = rows.length;
        if (columnCount() != n) {
            throw new IllegalArgumentException("only square matrices have an inverse");
        }
        byte[][] work = new byte[n][2 * n];
        for (int r = 0; r < n; r++) {
            System.arraycopy(rows[r], 0, work[r], 0, n);
            work[r][n + r] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            while (pivot < n && work[pivot][col] == 0) {
                pivot++;
            }
            if (pivot == n) {
                throw new ArithmeticException("singular matrix");
            }
            byte[] swap = work[col];
            work[col] = work[pivot];
            work[pivot] = swap;
            scaleRow(work[col], Galois.inverse(work[col][col] & 0xFF));
            for (int r = 0; r < n; r++) {
                int factor = work[r][col] & 0xFF;
                if (r != col && factor != 0) {
                    addScaledRow(work[r], work[col], factor);
                }
            }
        }
        byte[][] out = new byte[n][];
        for (int r = 0; r < n; r++) {
            out[r] = Arrays.copyOfRange(work[r], n, 2 * n);
        }
        return new GfMatrix(out);
    }

    private static void scaleRow(byte[] row, int factor) {
        for (int i = 0; i < row.length; i++) {
            row[i] = (byte) Galois.mul(row[i] & 0xFF, factor);
        }
    }

    private static void addScaledRow(byte[] target, byte[] source, int factor) {
        for (int i = 0; i < target.length; i++) {
            target[i] ^= (byte) Galois.mul(source[i] & 0xFF, factor);
        }
    }

    byte[][] toArrays() {
        byte[][] copy = new byte[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return copy;
    }
}
