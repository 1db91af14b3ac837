package io.cairn.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ReedSolomonTest {
    /**
     * Lengths around the vector width (16), the bit-sliced region (2 KiB), the kernel's chunk (16 KiB) and the
     * scalar chunk (4 KiB).
     */
    private static final int[] LENGTHS = {0, 1, 15, 16, 17, 100, 2047, 2048, 2049, 4095, 4097, 16 * 1024 + 33,
        40_000};
    /** Above this many erasure patterns a configuration is tested on a random sample of them. */
    private static final int EXHAUSTIVE_LIMIT = 500;

    static Stream<Arguments> configurations() {
        List<Arguments> out = new ArrayList<>();
        for (int k = 2; k <= 12; k++) {
            for (int m = 1; m <= 4; m++) {
                out.add(Arguments.of(k, m));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}+{1}")
    @MethodSource("configurations")
    void anyMErasuresAreRebuiltByteExact(int k, int m) throws Exception {
        Random random = new Random(31L * k + m);
        for (ReedSolomon codec : codecs(k, m)) {
            List<int[]> patterns = erasurePatterns(k + m, m, random);
            for (int[] erased : patterns) {
                int length = LENGTHS[random.nextInt(LENGTHS.length)];
                int offset = random.nextInt(3);
                byte[][] original = encoded(codec, offset, length, random);
                byte[][] damaged = copy(original);
                boolean[] present = presentExcept(k + m, erased);
                for (int index : erased) {
                    random.nextBytes(damaged[index]);
                }
                codec.reconstruct(damaged, present, offset, length);
                for (int i = 0; i < k + m; i++) {
                    assertThat(slice(damaged[i], offset, length))
                            .as("%s %d+%d shard %d of %d bytes", codec.kernelName(), k, m, i, length)
                            .isEqualTo(slice(original[i], offset, length));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}+{1}")
    @MethodSource("configurations")
    void fewerErasuresAndDataOnlyRebuild(int k, int m) throws Exception {
        Random random = new Random(17L * k + m);
        ReedSolomon codec = ReedSolomon.create(k, m);
        for (int round = 0; round < 20; round++) {
            int length = LENGTHS[random.nextInt(LENGTHS.length)];
            byte[][] original = encoded(codec, 0, length, random);
            byte[][] damaged = copy(original);
            int[] erased = randomSubset(k + m, 1 + random.nextInt(m), random);
            for (int index : erased) {
                java.util.Arrays.fill(damaged[index], (byte) 0x5A);
            }
            codec.reconstructData(damaged, presentExcept(k + m, erased), 0, length);
            for (int i = 0; i < k + m; i++) {
                boolean erasedParity = i >= k && contains(erased, i);
                if (!erasedParity) {
                    assertThat(damaged[i]).as("shard %d", i).isEqualTo(original[i]);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}+{1}")
    @MethodSource("configurations")
    void moreThanMErasuresFailWithoutTouchingShards(int k, int m) {
        Random random = new Random(k * 100L + m);
        ReedSolomon codec = ReedSolomon.create(k, m);
        byte[][] original = encoded(codec, 0, 1000, random);
        byte[][] damaged = copy(original);
        int[] erased = randomSubset(k + m, m + 1, random);
        assertThatThrownBy(() -> codec.reconstruct(damaged, presentExcept(k + m, erased), 0, 1000))
                .isInstanceOf(NotEnoughShardsException.class)
                .hasMessageContaining("only " + (k - 1) + " of the " + k);
        assertThat(damaged).isDeepEqualTo(original);
    }

    @Test
    void vectorAndScalarKernelsAgreeOnRandomMatrices() {
        Random random = new Random(99);
        for (int round = 0; round < 200; round++) {
            int rows = 1 + random.nextInt(9);
            int cols = 1 + random.nextInt(16);
            byte[][] matrix = new byte[rows][cols];
            for (byte[] row : matrix) {
                random.nextBytes(row);
            }
            int length = random.nextInt(3 * 16 * 1024);
            int inOffset = random.nextInt(40);
            int outOffset = random.nextInt(40);
            byte[][] in = new byte[cols][inOffset + length];
            for (byte[] column : in) {
                random.nextBytes(column);
            }
            byte[][] scalar = new byte[rows][outOffset + length];
            byte[][] vector = new byte[rows][outOffset + length];
            ScalarKernel.INSTANCE.prepare(matrix).multiply(in, inOffset, scalar, outOffset, length);
            VectorKernel.INSTANCE.prepare(matrix).multiply(in, inOffset, vector, outOffset, length);
            assertThat(vector).as("%dx%d over %d bytes", rows, cols, length).isDeepEqualTo(scalar);
            for (SliceBasis basis : SliceBasis.values()) {
                BitslicedKernel.over(ScalarKernel.INSTANCE, basis).prepare(matrix)
                        .multiply(in, inOffset, scalar, outOffset, length);
                BitslicedKernel.over(VectorKernel.INSTANCE, basis).prepare(matrix)
                        .multiply(in, inOffset, vector, outOffset, length);
                assertThat(vector).as("bit-sliced on %s %dx%d over %d bytes", basis, rows, cols, length)
                        .isDeepEqualTo(scalar);
            }
        }
    }

    @Test
    void dataShardsAreStoredAsGivenAndParityMatchesTheDefinition() {
        Random random = new Random(5);
        ReedSolomon codec = ReedSolomon.create(4, 2, ErasureCode.BYTEWISE);
        byte[][] shards = encoded(codec, 0, 64, random);
        GfMatrix parity = CauchyPoints.defaults(4, 2).matrix();
        for (int i = 0; i < 64; i++) {
            for (int p = 0; p < 2; p++) {
                int expected = 0;
                for (int d = 0; d < 4; d++) {
                    expected ^= Galois.mul(parity.get(p, d), shards[d][i] & 0xFF);
                }
                assertThat(shards[4 + p][i] & 0xFF).isEqualTo(expected);
            }
        }
    }

    /**
     * Formats 2 to 4 by their definition: in each whole region of 8 packets, symbol (j, t) is the sum of the basis
     * elements b whose packet b has bit t of byte j set (format 4's basis is not the bytes' bits), and parity symbols
     * are the scaled Cauchy matrix times the data symbols; the tail is byte-wise.
     */
    @ParameterizedTest
    @EnumSource(value = ErasureCode.class, names = {"BITSLICED", "BITSLICED_SEARCHED", "BITSLICED_SUBFIELD"})
    void bitslicedParityMatchesTheDefinition(ErasureCode code) {
        Random random = new Random(6);
        int k = 5;
        int m = 3;
        int regions = 2;
        int tail = 77;
        int length = regions * BitslicedKernel.REGION + tail;
        ReedSolomon codec = ReedSolomon.create(k, m, code);
        byte[][] shards = encoded(codec, 0, length, random);
        SliceBasis basis = code.basis();
        GfMatrix parity = code.points(k, m).matrix().sparsest(basis);
        for (int region = 0; region < regions; region++) {
            for (int j = 0; j < BitslicedKernel.PACKET; j++) {
                for (int t = 0; t < 8; t++) {
                    for (int p = 0; p < m; p++) {
                        int expected = 0;
                        for (int d = 0; d < k; d++) {
                            expected ^= Galois.mul(parity.get(p, d), symbol(shards[d], basis, region, j, t));
                        }
                        assertThat(symbol(shards[k + p], basis, region, j, t)).isEqualTo(expected);
                    }
                }
            }
        }
        for (int i = length - tail; i < length; i++) {
            for (int p = 0; p < m; p++) {
                int expected = 0;
                for (int d = 0; d < k; d++) {
                    expected ^= Galois.mul(parity.get(p, d), shards[d][i] & 0xFF);
                }
                assertThat(shards[k + p][i] & 0xFF).isEqualTo(expected);
            }
        }
        assertThat(basis.ones(1)).isEqualTo(8);
        for (int d = 0; d < k; d++) {
            assertThat(parity.get(0, d)).as("first parity row: plain XOR of the data").isEqualTo(1);
        }
        for (int p = 0; p < m && code == ErasureCode.BITSLICED_SUBFIELD; p++) {
            for (int d = 0; d < k; d++) {
                assertThat(SliceBasis.isSubfield(parity.get(p, d))).as("format 4's matrix is over GF(16)").isTrue();
            }
        }
    }

    private static int symbol(byte[] shard, SliceBasis basis, int region, int j, int t) {
        int symbol = 0;
        for (int b = 0; b < 8; b++) {
            if ((shard[region * BitslicedKernel.REGION + b * BitslicedKernel.PACKET + j] >>> t & 1) != 0) {
                symbol ^= basis.element(b);
            }
        }
        return symbol;
    }

    /**
     * Shards on disk must decode with every later build: the parity of fixed data is pinned for every format, so a
     * change to the matrix, its scaling or the bit-sliced layout fails here rather than on someone's drives.
     */
    @ParameterizedTest(name = "{0} {1}+{2}")
    @CsvSource({
        "BYTEWISE, 4, 2, 99c741c3", "BYTEWISE, 8, 4, d7077477", "BYTEWISE, 12, 4, c4d12f5e",
        "BITSLICED, 4, 2, 55132062", "BITSLICED, 8, 4, 3d4a52bf", "BITSLICED, 12, 4, 77e0be33",
        "BITSLICED_SEARCHED, 4, 2, 26a0659a", "BITSLICED_SEARCHED, 8, 4, ef3f9522", "BITSLICED_SEARCHED, 12, 4, bb13f759",
        "BITSLICED_SUBFIELD, 4, 2, 558b987f", "BITSLICED_SUBFIELD, 8, 4, a7ff3885", "BITSLICED_SUBFIELD, 12, 4, 75291fd"})
    void parityOfFixedDataNeverChanges(ErasureCode code, int k, int m, String expected) {
        int length = 2 * BitslicedKernel.REGION + 100;
        byte[][] shards = encoded(ReedSolomon.create(k, m, code), 0, length, new Random(42));
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (int p = k; p < k + m; p++) {
            crc.update(shards[p]);
        }
        assertThat(Long.toHexString(crc.getValue())).isEqualTo(expected);
    }

    /**
     * Format 3's points: one entry for every shape a server can use with two or more parity shards, none needing
     * more packet XORs than format 2's points; points that are not distinct are refused.
     */
    @Test
    void searchedPointsCoverTheServersShapesAndNeedFewerXors() {
        List<CauchyPoints.Shape> shapes = new ArrayList<>();
        for (int drives = 4; drives <= 16; drives++) {
            for (int m = 2; m <= drives / 2; m++) {
                shapes.add(new CauchyPoints.Shape(drives - m, m));
            }
        }
        assertThat(CauchyPoints.searchedShapes()).containsExactlyInAnyOrderElementsOf(shapes);
        int searchedTotal = 0;
        int defaultTotal = 0;
        for (CauchyPoints.Shape shape : shapes) {
            int k = shape.dataShards();
            int m = shape.parityShards();
            int searched = packetXors(ErasureCode.BITSLICED_SEARCHED, k, m);
            int defaults = packetXors(ErasureCode.BITSLICED, k, m);
            assertThat(searched).as("%d+%d", k, m).isLessThanOrEqualTo(defaults);
            searchedTotal += searched;
            defaultTotal += defaults;
        }
        assertThat(searchedTotal).isLessThan(defaultTotal * 9 / 10);
        assertThat(packetXors(ErasureCode.BITSLICED_SEARCHED, 8, 4))
                .isLessThan(packetXors(ErasureCode.BITSLICED, 8, 4) * 3 / 4);
        assertThatThrownBy(() -> GfMatrix.cauchy(new int[] {1, 2}, new int[] {3, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GfMatrix.cauchy(new int[] {256}, new int[] {3}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Format 4's points: one entry for every shape a server can use with two or more parity shards, all in GF(16);
     * together they need a tenth fewer packet XORs than format 3's, 8+4 a fifth fewer.
     */
    @Test
    void subfieldPointsCoverTheServersShapesAndNeedFewerXors() {
        assertThat(CauchyPoints.subfieldShapes()).containsExactlyInAnyOrderElementsOf(CauchyPoints.searchedShapes());
        int subfieldTotal = 0;
        int searchedTotal = 0;
        for (CauchyPoints.Shape shape : CauchyPoints.subfieldShapes()) {
            int k = shape.dataShards();
            int m = shape.parityShards();
            CauchyPoints.Points points = CauchyPoints.subfield(k, m);
            for (int[] side : new int[][] {points.xs(), points.ys()}) {
                for (int point : side) {
                    assertThat(SliceBasis.isSubfield(point)).as("%d+%d point %02x", k, m, point).isTrue();
                }
            }
            subfieldTotal += packetXors(ErasureCode.BITSLICED_SUBFIELD, k, m);
            searchedTotal += packetXors(ErasureCode.BITSLICED_SEARCHED, k, m);
        }
        assertThat(subfieldTotal).isLessThan(searchedTotal * 9 / 10);
        assertThat(packetXors(ErasureCode.BITSLICED_SUBFIELD, 8, 4))
                .isLessThan(packetXors(ErasureCode.BITSLICED_SEARCHED, 8, 4) * 4 / 5);
        assertThat(SliceBasis.SUBFIELD_ELEMENTS).hasSize(16).doesNotHaveDuplicates();
        assertThat(java.util.stream.IntStream.range(0, 256).filter(SliceBasis::isSubfield).toArray())
                .containsExactlyInAnyOrder(SliceBasis.SUBFIELD_ELEMENTS);
    }

    /** Every shape of format 3's and 4's tables, pinned like the rows above: their points must never change. */
    @ParameterizedTest
    @CsvSource({"BITSLICED_SEARCHED, da184e58", "BITSLICED_SUBFIELD, 4c418dfd"})
    void parityOfEverySearchedShapeNeverChanges(ErasureCode code, String expected) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        List<CauchyPoints.Shape> shapes = new ArrayList<>(CauchyPoints.searchedShapes());
        shapes.sort(java.util.Comparator.comparingInt(CauchyPoints.Shape::dataShards)
                .thenComparingInt(CauchyPoints.Shape::parityShards));
        for (CauchyPoints.Shape shape : shapes) {
            int k = shape.dataShards();
            int m = shape.parityShards();
            byte[][] shards = encoded(ReedSolomon.create(k, m, code), 0, BitslicedKernel.REGION + 100, new Random(42));
            for (int p = k; p < k + m; p++) {
                crc.update(shards[p]);
            }
        }
        assertThat(Long.toHexString(crc.getValue())).isEqualTo(expected);
    }

    private static int packetXors(ErasureCode code, int k, int m) {
        return BitslicedKernel.packetXors(code.parityMatrix(k, m).toArrays(), code.basis());
    }

    @Test
    void invalidShapesAreRefused() {
        assertThatThrownBy(() -> ReedSolomon.create(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReedSolomon.create(30, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReedSolomon.create(13, 4, ErasureCode.BITSLICED_SUBFIELD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 16");
        assertThat(ReedSolomon.create(12, 4).code()).isEqualTo(ErasureCode.BITSLICED_SUBFIELD);
        assertThat(ReedSolomon.create(13, 4).code()).isEqualTo(ErasureCode.BITSLICED_SEARCHED);
        ReedSolomon codec = ReedSolomon.create(2, 1);
        assertThatThrownBy(() -> codec.encode(new byte[2][8], 0, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> codec.encode(new byte[3][8], 4, 8)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void theBestKernelHereIsTheVectorOne() {
        assertThat(ReedSolomon.create(8, 4).kernelName()).isEqualTo("bitsliced-vector-256");
        assertThat(ReedSolomon.create(8, 4, ErasureCode.BYTEWISE).kernelName()).isEqualTo("vector-128");
    }

    /** Every code over each byte-wise kernel. */
    static List<ReedSolomon> codecs(int k, int m) {
        List<ReedSolomon> out = new ArrayList<>();
        for (ErasureCode code : ErasureCode.values()) {
            for (GaloisKernel kernel : List.of(VectorKernel.INSTANCE, ScalarKernel.INSTANCE)) {
                out.add(new ReedSolomon(k, m, code, kernel));
            }
        }
        return out;
    }

    private static List<int[]> erasurePatterns(int n, int m, Random random) {
        List<int[]> all = new ArrayList<>();
        GaloisTest.forEachSubset(n, m, all::add);
        if (all.size() <= EXHAUSTIVE_LIMIT) {
            return all;
        }
        List<int[]> sample = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            sample.add(all.get(random.nextInt(all.size())));
        }
        return sample;
    }

    static byte[][] encoded(ReedSolomon codec, int offset, int length, Random random) {
        byte[][] shards = new byte[codec.totalShards()][offset + length];
        for (int i = 0; i < codec.dataShards(); i++) {
            random.nextBytes(shards[i]);
        }
        codec.encode(shards, offset, length);
        return shards;
    }

    static int[] randomSubset(int n, int size, Random random) {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            indexes.add(i);
        }
        java.util.Collections.shuffle(indexes, random);
        return indexes.subList(0, size).stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    static boolean[] presentExcept(int n, int[] erased) {
        boolean[] present = new boolean[n];
        java.util.Arrays.fill(present, true);
        for (int index : erased) {
            present[index] = false;
        }
        return present;
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    private static byte[][] copy(byte[][] shards) {
        byte[][] out = new byte[shards.length][];
        for (int i = 0; i < shards.length; i++) {
            out[i] = shards[i].clone();
        }
        return out;
    }

    private static byte[] slice(byte[] array, int offset, int length) {
        return java.util.Arrays.copyOfRange(array, offset, offset + length);
    }
}
