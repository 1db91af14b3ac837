package io.cairn.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GaloisTest {
    @Test
    void fieldAxiomsHoldForEveryElement() {
        for (int a = 0; a < 256; a++) {
            assertThat(Galois.mul(a, 1)).isEqualTo(a);
            assertThat(Galois.mul(a, 0)).isZero();
            if (a != 0) {
                assertThat(Galois.mul(a, Galois.inverse(a))).isEqualTo(1);
            }
            for (int b = 0; b < 256; b++) {
                assertThat(Galois.mul(a, b)).isEqualTo(Galois.mul(b, a)).isEqualTo(slowMul(a, b));
                assertThat(Galois.productsOf(a)[b] & 0xFF).isEqualTo(Galois.mul(a, b));
            }
        }
        assertThatThrownBy(() -> Galois.inverse(0)).isInstanceOf(ArithmeticException.class);
    }

    /** Carry-less multiplication reduced by the polynomial, independent of the log tables. */
    private static int slowMul(int a, int b) {
        int product = 0;
        while (b != 0) {
            if ((b & 1) != 0) {
                product ^= a;
            }
            a <<= 1;
            if ((a & 0x100) != 0) {
                a ^= Galois.POLYNOMIAL;
            }
            b >>= 1;
        }
        return product;
    }

    @Test
    void everyKSubsetOfTheStackedMatrixIsInvertible() {
        int k = 6;
        int m = 4;
        GfMatrix parity = CauchyPoints.defaults(k, m).matrix();
        forEachSubset(k + m, k, rows -> {
            GfMatrix sub = GfMatrix.stackedRows(parity, k, rows);
            assertThat(sub.times(sub.inverse()).toArrays()).isDeepEqualTo(GfMatrix.identity(k).toArrays());
        });
    }

    @Test
    void singularMatrixIsRefused() {
        GfMatrix parity = CauchyPoints.defaults(2, 1).matrix();
        GfMatrix twice = GfMatrix.stackedRows(parity, 2, new int[] {2, 2});
        assertThatThrownBy(twice::inverse).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void randomProductsAssociate() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            int a = random.nextInt(256);
            int b = random.nextInt(256);
            int c = random.nextInt(256);
            assertThat(Galois.mul(Galois.mul(a, b), c)).isEqualTo(Galois.mul(a, Galois.mul(b, c)));
            assertThat(Galois.mul(a, b ^ c)).isEqualTo(Galois.mul(a, b) ^ Galois.mul(a, c));
        }
    }

    static void forEachSubset(int n, int size, java.util.function.Consumer<int[]> action) {
        int[] subset = new int[size];
        for (int i = 0; i < size; i++) {
            subset[i] = i;
        }
        while (true) {
            action.accept(subset.clone());
            int i = size - 1;
            while (i >= 0 && subset[i] == n - size + i) {
                i--;
            }
            if (i < 0) {
                return;
            }
            subset[i]++;
            for (int j = i + 1; j < size; j++) {
                subset[j] = subset[j - 1] + 1;
            }
        }
    }
}
