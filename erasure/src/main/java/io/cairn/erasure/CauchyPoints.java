package io.cairn.erasure;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * The points of format 3's Cauchy matrices {@code 1 / (x_i + y_j)}. Any distinct points give an MDS code; which
 * ones decide how many packet XORs the bit-sliced code needs once the matrix is scaled ({@link GfMatrix#sparsest()})
 * and scheduled ({@link BitslicedKernel#packetXors}). Formats 1 and 2 take {@code x_i = k + i}, {@code y_j = j};
 * the table holds, for every shape a server can use with two or more parity shards (4 to 16 drives, parity up to
 * half of them), the points a local search found ({@code CauchyPointSearch} in the tests). Other shapes keep the
 * default points: with one parity shard every choice scales to a plain XOR.
 *
 * <p>The points are part of the shard format: an entry must never change once shards are written with it
 * ({@code ReedSolomonTest} pins the parity of every shape).
 */
final class CauchyPoints {
    record Shape(int dataShards, int parityShards) {
    }

    /** Points as hex bytes, x then y, as {@code CauchyPointSearch} prints them; packet XORs per region noted. */
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

    record Points(int[] xs, int[] ys) {
        GfMatrix matrix() {
            return GfMatrix.cauchy(xs, ys);
        }
    }

    private CauchyPoints() {
    }

    static Points of(int dataShards, int parityShards) {
        Points searched = SEARCHED.get(new Shape(dataShards, parityShards));
        return searched != null ? searched : defaults(dataShards, parityShards);
    }

    /** Formats 1 and 2's points. */
    static Points defaults(int dataShards, int parityShards) {
        int[] xs = new int[parityShards];
        int[] ys = new int[dataShards];
        Arrays.setAll(xs, i -> dataShards + i);
        Arrays.setAll(ys, j -> j);
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
