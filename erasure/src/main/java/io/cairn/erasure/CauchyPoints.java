package io.cairn.erasure;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * The points of formats 3 and 4's Cauchy matrices {@code 1 / (x_i + y_j)}. Any distinct points give an MDS code;
 * which ones decide how many packet XORs the bit-sliced code needs once the matrix is scaled
 * ({@link GfMatrix#sparsest}) and scheduled ({@link BitslicedKernel#packetXors}). Formats 1 and 2 take
 * {@code x_i = k + i}, {@code y_j = j}; the tables hold, for every shape a server can use with two or more parity
 * shards (4 to 16 drives, parity up to half of them), the points a local search found ({@code CauchyPointSearch}
 * in the tests): format 3's among all of GF(2^8), format 4's among the 16 elements of its subfield GF(16). Other
 * shapes keep default points: with one parity shard every choice scales to a plain XOR.
 *
 * <p>The points are part of the shard format: an entry must never change once shards are written with it
 * ({@code ReedSolomonTest} pins the parity of every shape).
 */
final class CauchyPoints {
    record Shape(int dataShards, int parityShards) {
    }

    /** Format 3's points as hex bytes, x then y, as {@code CauchyPointSearch} prints them; packet XORs noted. */
    private static final Map<Shape, Points> SEARCHED = Map.ofEntries(
            shape(2, 2, "cb 25", "9b 02"), // 35 packet XORs (default points: 36)
            shape(3, 2, "44 5a", "95 e3 a5"), // 54 packet XORs (default points: 80)
            shape(4, 2, "1e b0", "8c 7f cf 2b"), // 75 packet XORs (default points: 109)
            shape(3, 3, "6e 18 d1", "94 7d 5b"), // 83 packet XORs (default points: 135)
            shape(5, 2, "af cc", "9f 41 83 36 95"), // 98 packet XORs (default points: 143)
            shape(4, 3, "e2 3f e1", "be 56 0d 80"), // 126 packet XORs (default points: 193)
            shape(6, 2, "f1 f7", "ab 56 62 65 8d 6d"), // 122 packet XORs (default points: 167)
            shape(5, 3, "b5 bd 51", "85 eb b3 42 17"), // 168 packet XORs (default points: 252)
            shape(4, 4, "51 43 29 6b", "a8 e9 47 33"), // 172 packet XORs (default points: 269)
            shape(7, 2, "d6 73", "a8 92 37 4f b9 49 d1"), // 147 packet XORs (default points: 192)
            shape(6, 3, "bb 4c 46", "14 c3 e9 25 db 4b"), // 208 packet XORs (default points: 286)
            shape(5, 4, "19 46 41 ec", "40 f2 fb eb d9"), // 237 packet XORs (default points: 352)
            shape(8, 2, "f1 2a", "c1 9a a3 e2 64 61 7b d5"), // 172 packet XORs (default points: 247)
            shape(7, 3, "83 c5 03", "ee a9 ab 04 fe e5 74"), // 250 packet XORs (default points: 324)
            shape(6, 4, "dd c4 32 03", "11 8f e6 d9 3a 76"), // 302 packet XORs (default points: 414)
            shape(5, 5, "08 62 2d f9 60", "2a d1 41 3f ae"), // 309 packet XORs (default points: 459)
            shape(9, 2, "64 0e", "43 32 5f 98 73 3f 48 85 09"), // 197 packet XORs (default points: 284)
            shape(8, 3, "d0 05 0b", "81 b5 06 6d 52 53 c5 30"), // 296 packet XORs (default points: 415)
            shape(7, 4, "6d 2e 46 69", "c8 63 7d b3 57 18 55"), // 372 packet XORs (default points: 478)
            shape(6, 5, "41 e9 95 17 07", "d5 f3 69 96 ff 0f"), // 398 packet XORs (default points: 539)
            shape(10, 2, "a2 b7", "6d a3 ae 06 4c 0b 43 f2 58 52"), // 221 packet XORs (default points: 319)
            shape(9, 3, "09 37 70", "33 18 0b 96 d2 2f 1b be 1e"), // 339 packet XORs (default points: 504)
            shape(8, 4, "c3 13 2c 5c", "63 b0 b1 6f 16 59 93 3c"), // 440 packet XORs (default points: 600)
            shape(7, 5, "1b 47 61 48 c4", "d7 70 d3 98 dc 30 8b"), // 491 packet XORs (default points: 628)
            shape(6, 6, "12 08 80 1d e7 4c", "79 3e f7 09 02 f4"), // 499 packet XORs (default points: 666)
            shape(11, 2, "60 a3", "9b 21 79 40 76 1e 3e 36 c6 b5 5e"), // 246 packet XORs (default points: 330)
            shape(10, 3, "f0 2a 94", "ca 5e 46 c0 b4 77 f5 54 8f de"), // 387 packet XORs (default points: 569)
            shape(9, 4, "a3 94 2d ca", "8a 88 c7 6b 4c d2 e3 33 12"), // 512 packet XORs (default points: 716)
            shape(8, 5, "a5 19 c1 70 ea", "eb c3 93 50 d5 e7 80 9c"), // 586 packet XORs (default points: 794)
            shape(7, 6, "c2 30 b6 2d 5d c8", "aa be e1 5c 9f 53 bc"), // 609 packet XORs (default points: 780)
            shape(12, 2, "51 63", "3e e0 e7 c2 aa 57 1b 2b 32 c4 eb 18"), // 272 packet XORs (default points: 399)
            shape(11, 3, "55 42 25", "95 47 7d 07 3e ef 12 e7 c2 2e 96"), // 435 packet XORs (default points: 565)
            shape(10, 4, "43 c9 3b b6", "6d 97 3d dc af e3 b0 73 89 a8"), // 586 packet XORs (default points: 787)
            shape(9, 5, "8d bb d4 da 45", "0e 99 73 23 cc 96 3a 24 fd"), // 677 packet XORs (default points: 926)
            shape(8, 6, "e9 6a bd 17 e5 ba", "5e b1 e6 30 2c 50 3a 3e"), // 723 packet XORs (default points: 990)
            shape(7, 7, "1f a2 5e c3 ce 50 5d", "94 bf bd 47 a3 07 32"), // 746 packet XORs (default points: 928)
            shape(13, 2, "03 f4", "7a cd 3f c7 85 87 cf 45 80 3b b7 9b 65"), // 298 packet XORs (default points: 434)
            shape(12, 3, "88 b7 b4", "ef 22 2a 9f 08 5b f4 f0 52 ae 24 3d"), // 488 packet XORs (default points: 688)
            shape(11, 4, "67 0a 71 82", "16 a7 41 fb b6 f6 a8 5c 68 ee 62"), // 655 packet XORs (default points: 820)
            shape(10, 5, "17 73 ff 78 ad", "43 44 9f 98 fa 2a 9c e1 fb 88"), // 771 packet XORs (default points: 1035)
            shape(9, 6, "71 a8 6f b3 ac db", "b0 60 bc 03 09 c7 b6 66 fb"), // 856 packet XORs (default points: 1115)
            shape(8, 7, "c8 6c 78 b9 1c e2 22", "f0 2f b0 19 cf bb 9c 02"), // 887 packet XORs (default points: 1162)
            shape(14, 2, "0a b1", "2c 77 53 82 96 0b fc 72 cd 61 35 c0 20 49"), // 325 packet XORs (default points: 468)
            shape(13, 3, "89 ed ab", "45 6d bf 8f 9b 53 97 9d 4d 75 d9 39 f9"), // 539 packet XORs (default points: 786)
            shape(12, 4, "45 a2 fe 4e", "3b 55 b1 da a1 5f 84 3c 28 ea c6 ae"), // 730 packet XORs (default points: 982)
            shape(11, 5, "1e 26 7a 69 91", "8b be a2 ac 6b 88 61 e3 e2 c4 d1"), // 865 packet XORs (default points: 1092)
            shape(10, 6, "d2 06 74 fe a9 79", "65 30 42 d3 8f 66 94 69 1e 4c"), // 964 packet XORs (default points: 1267)
            shape(9, 7, "5c 4f 63 36 88 97 9c", "48 a0 ed bb 72 9f 15 ac 28"), // 1027 packet XORs (default points: 1290)
            shape(8, 8, "68 d1 a6 ce 0d 2d 30 e3", "0c 05 04 4f 41 aa 7b ef") // 1046 packet XORs (default points: 1336)
    );

    /**
     * Format 4's points, all in the subfield GF(16) ({@link SliceBasis#SUBFIELD_ELEMENTS}), as
     * {@code CauchyPointSearch subfield} prints them; packet XORs per region on the subfield basis noted.
     */
    private static final Map<Shape, Points> SUBFIELD = Map.ofEntries(
            shape(2, 2, "dc 44", "d6 00"), // 32 packet XORs (default points: 34)
            shape(3, 2, "99 01", "0b 45 92"), // 52 packet XORs (default points: 60)
            shape(4, 2, "0b 44", "98 4e 0a 92"), // 72 packet XORs (default points: 80)
            shape(3, 3, "92 d7 99", "dc dd 0a"), // 78 packet XORs (default points: 96)
            shape(5, 2, "4e 93", "d7 dd 00 d6 01"), // 94 packet XORs (default points: 114)
            shape(4, 3, "dd 00 44", "4e 93 99 d7"), // 110 packet XORs (default points: 116)
            shape(6, 2, "d6 44", "93 45 d7 4f 0b 98"), // 116 packet XORs (default points: 132)
            shape(5, 3, "d6 4e dd", "dc d7 98 45 93"), // 148 packet XORs (default points: 170)
            shape(4, 4, "d6 00 98 0b", "dc 4e 45 44"), // 150 packet XORs (default points: 160)
            shape(7, 2, "dc dd", "44 00 93 d7 98 d6 99"), // 140 packet XORs (default points: 160)
            shape(6, 3, "01 0a 0b", "d7 99 00 dd 44 4e"), // 180 packet XORs (default points: 210)
            shape(5, 4, "45 d7 98 00", "4e dc 01 92 0a"), // 194 packet XORs (default points: 234)
            shape(8, 2, "01 d6", "98 44 dd 92 4f 93 dc 99"), // 164 packet XORs (default points: 184)
            shape(7, 3, "d6 93 99", "00 45 98 44 dd 0b 92"), // 220 packet XORs (default points: 250)
            shape(6, 4, "92 0a 44 4f", "dd dc d7 00 0b 45"), // 246 packet XORs (default points: 276)
            shape(5, 5, "99 98 0a 01 d7", "d6 45 93 4e 4f"), // 244 packet XORs (default points: 292)
            shape(9, 2, "01 98", "dc 00 0a 4f dd 45 d6 0b 92"), // 190 packet XORs (default points: 210)
            shape(8, 3, "4e 01 dd", "44 93 92 0a d6 dc 99 4f"), // 260 packet XORs (default points: 280)
            shape(7, 4, "dc 93 99 44", "dd 00 d6 0b d7 01 4f"), // 296 packet XORs (default points: 352)
            shape(6, 5, "01 dc 45 99 93", "44 0a 00 98 d7 92"), // 312 packet XORs (default points: 348)
            shape(10, 2, "99 d6", "dd d7 01 0a 44 93 0b 92 45 00"), // 216 packet XORs (default points: 228)
            shape(9, 3, "0a dc 98", "44 99 4e d6 dd 45 01 4f 93"), // 298 packet XORs (default points: 320)
            shape(8, 4, "4e dd 01 0a", "92 45 99 0b 98 93 4f 00"), // 348 packet XORs (default points: 384)
            shape(7, 5, "45 0a d7 4e d6", "92 00 98 dd 99 4f 44"), // 376 packet XORs (default points: 442)
            shape(6, 6, "98 93 4e 4f dd 0b", "d7 0a 01 92 44 d6"), // 370 packet XORs (default points: 418)
            shape(11, 2, "44 0b", "dd 93 45 0a 99 00 01 92 4f d6 d7"), // 244 packet XORs (default points: 254)
            shape(10, 3, "93 dd 0b", "98 0a d6 d7 45 00 4e dc 4f 99"), // 340 packet XORs (default points: 368)
            shape(9, 4, "0b 01 d6 0a", "4e 92 d7 45 dd 99 98 dc 4f"), // 402 packet XORs (default points: 438)
            shape(8, 5, "45 44 d6 dd dc", "d7 0a 4f 01 92 4e 00 0b"), // 442 packet XORs (default points: 486)
            shape(7, 6, "44 d7 4f 99 d6 0b", "00 98 45 dc 93 01 0a"), // 452 packet XORs (default points: 524)
            shape(12, 2, "4f 01", "98 93 00 dc 92 4e dd 45 99 d6 0b d7"), // 274 packet XORs (default points: 276)
            shape(11, 3, "dc 92 d6", "dd 93 01 44 4e 00 0a 0b d7 98 4f"), // 390 packet XORs (default points: 408)
            shape(10, 4, "98 93 00 99", "0b 01 92 44 d6 dd dc 45 4f 4e"), // 462 packet XORs (default points: 496)
            shape(9, 5, "00 d7 dc 92 99", "01 0a 0b d6 45 44 4e 98 4f"), // 508 packet XORs (default points: 556)
            shape(8, 6, "01 92 dc 0a 0b 93", "d6 45 98 99 00 dd 4f 44"), // 538 packet XORs (default points: 582)
            shape(7, 7, "d7 d6 98 92 00 45 4e", "dc dd 44 4f 0a 0b 01"), // 530 packet XORs (default points: 600)
            shape(13, 2, "dd d6", "93 98 45 92 dc 99 00 4f 0a 4e 0b 01 d7"), // 304 packet XORs (default points: 314)
            shape(12, 3, "4e 98 0a", "44 d6 00 93 01 dd 4f 92 d7 0b dc 99"), // 426 packet XORs (default points: 446)
            shape(11, 4, "d7 d6 44 93", "00 92 0b dd 4e 4f dc 01 45 99 98"), // 528 packet XORs (default points: 548)
            shape(10, 5, "00 44 4f 93 98", "d7 92 4e dd dc 0a d6 99 45 0b"), // 590 packet XORs (default points: 628)
            shape(9, 6, "4f 98 93 dd dc d6", "45 4e 44 01 0b 99 00 0a d7"), // 620 packet XORs (default points: 664)
            shape(8, 7, "92 00 99 0a 44 45 4e", "93 dc d7 d6 dd 4f 98 0b"), // 624 packet XORs (default points: 678)
            shape(14, 2, "45 0b", "00 01 98 4e 0a 99 d6 44 93 4f 92 d7 dc dd"), // 336 packet XORs (default points: 336)
            shape(13, 3, "45 0b 98", "dc 93 4f 44 00 99 01 0a dd d7 d6 4e 92"), // 484 packet XORs (default points: 500)
            shape(12, 4, "dc dd 44 4e", "99 98 01 00 92 45 0b 4f 93 d6 d7 0a"), // 588 packet XORs (default points: 608)
            shape(11, 5, "93 92 00 d7 4e", "d6 4f 45 99 01 dd 44 0a dc 0b 98"), // 672 packet XORs (default points: 686)
            shape(10, 6, "4e 98 4f 44 0b 92", "00 93 0a dc d6 99 45 d7 01 dd"), // 718 packet XORs (default points: 748)
            shape(9, 7, "99 92 98 dc d6 45 01", "44 dd 4f 4e 0a 0b 93 00 d7"), // 730 packet XORs (default points: 774)
            shape(8, 8, "4f 99 98 45 d7 92 0b dc", "0a 93 4e dd 01 d6 44 00") // 720 packet XORs (default points: 772)
    );

    record Points(int[] xs, int[] ys) {
        GfMatrix matrix() {
            return GfMatrix.cauchy(xs, ys);
        }
    }

    private CauchyPoints() {
    }

    /** Format 3's points: the table's, else format 2's. */
    static Points of(int dataShards, int parityShards) {
        return SEARCHED.getOrDefault(new Shape(dataShards, parityShards), defaults(dataShards, parityShards));
    }

    /**
     * Format 4's points: the table's, else the subfield's elements in order, y first.
     *
     * @throws IllegalArgumentException beyond 16 shards: GF(16) has no more distinct points
     */
    static Points subfield(int dataShards, int parityShards) {
        int limit = SliceBasis.SUBFIELD_ELEMENTS.length;
        if (dataShards + parityShards > limit) {
            throw new IllegalArgumentException("format 4 holds at most " + limit + " shards, got " + dataShards
                    + "+" + parityShards);
        }
        return SUBFIELD.getOrDefault(new Shape(dataShards, parityShards),
                inOrder(dataShards, parityShards, i -> SliceBasis.SUBFIELD_ELEMENTS[i]));
    }

    static Set<Shape> subfieldShapes() {
        return SUBFIELD.keySet();
    }

    /** Formats 1 and 2's points: the field's elements 0, 1, 2, ... in order, y first. */
    static Points defaults(int dataShards, int parityShards) {
        return inOrder(dataShards, parityShards, i -> i);
    }

    /** y = {@code element(0..k)}, x = {@code element(k..k+m)}. */
    private static Points inOrder(int dataShards, int parityShards, IntUnaryOperator element) {
        int[] xs = new int[parityShards];
        int[] ys = new int[dataShards];
        Arrays.setAll(xs, i -> element.applyAsInt(dataShards + i));
        Arrays.setAll(ys, element::applyAsInt);
        return new Points(xs, ys);
    }

    static Set<Shape> searchedShapes() {
        return SEARCHED.keySet();
    }

    private static Map.Entry<Shape, Points> shape(int dataShards, int parityShards, String xs, String ys) {
        return Map.entry(new Shape(dataShards, parityShards), new Points(bytes(xs), bytes(ys)));
    }

    private static int[] bytes(String hex) {
        return Arrays.stream(hex.split(" ")).mapToInt(HexFormat::fromHexDigits).toArray();
    }
}
