package io.cairn.erasure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Finds Cauchy points with few packet XORs for {@link CauchyPoints}' tables: for each shape, local searches from
 * random points (replace one point by an unused element while that lowers the count) for a fixed time, keeping the
 * best. With {@code subfield} first, format 4's points (elements of GF(16), counted on its basis), else format 3's.
 * Prints table entries; the points of a shape already in a table must never be replaced.
 *
 * <pre>java -cp erasure/target/test-classes:erasure/target/classes io.cairn.erasure.CauchyPointSearch [subfield] SECONDS [k+m ...]</pre>
 */
public final class CauchyPointSearch {
    private final ErasureCode code;
    /** The elements points are drawn from. */
    private final int[] candidates;

    private CauchyPointSearch(ErasureCode code) {
        this.code = code;
        this.candidates = code == ErasureCode.BITSLICED_SUBFIELD
                ? SliceBasis.SUBFIELD_ELEMENTS : java.util.stream.IntStream.range(0, 256).toArray();
    }

    public static void main(String[] args) throws Exception {
        boolean subfield = args[0].equals("subfield");
        CauchyPointSearch search =
                new CauchyPointSearch(subfield ? ErasureCode.BITSLICED_SUBFIELD : ErasureCode.BITSLICED_SEARCHED);
        int first = subfield ? 1 : 0;
        long nanos = (long) (Double.parseDouble(args[first]) * 1e9);
        List<CauchyPoints.Shape> shapes = new ArrayList<>();
        for (int i = first + 1; i < args.length; i++) {
            String[] km = args[i].split("\\+");
            shapes.add(new CauchyPoints.Shape(Integer.parseInt(km[0]), Integer.parseInt(km[1])));
        }
        if (shapes.isEmpty()) {
            for (int drives = 4; drives <= 16; drives++) {
                for (int m = 2; m <= drives / 2; m++) {
                    shapes.add(new CauchyPoints.Shape(drives - m, m));
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        List<Future<String>> lines = new ArrayList<>();
        for (CauchyPoints.Shape shape : shapes) {
            lines.add(pool.submit(() -> search.search(shape, nanos)));
        }
        for (Future<String> line : lines) {
            System.out.println(line.get());
        }
        pool.shutdown();
    }

    /** Packet XORs of the code's matrix with the points x = {@code points[0, m)}, y = the rest. */
    private int packetXors(int[] points, int m) {
        CauchyPoints.Points cauchy = new CauchyPoints.Points(Arrays.copyOfRange(points, 0, m),
                Arrays.copyOfRange(points, m, points.length));
        return BitslicedKernel.packetXors(code.parityMatrix(cauchy).toArrays(), code.basis());
    }

    private String search(CauchyPoints.Shape shape, long nanos) {
        int k = shape.dataShards();
        int m = shape.parityShards();
        // Format 4 starts from its default points; format 3 from format 2's, which its table is compared with.
        ErasureCode start = code == ErasureCode.BITSLICED_SUBFIELD ? code : ErasureCode.BITSLICED;
        CauchyPoints.Points defaults = start.points(k, m);
        int defaultXors = BitslicedKernel.packetXors(start.parityMatrix(k, m).toArrays(), start.basis());
        int[] bestXs = defaults.xs();
        int[] bestYs = defaults.ys();
        int best = defaultXors;
        Random random = new Random(k * 100L + m);
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            int[] points = distinct(random, k + m);
            int xors = descend(points, m, random, end);
            if (xors < best) {
                best = xors;
                bestXs = Arrays.copyOfRange(points, 0, m);
                bestYs = Arrays.copyOfRange(points, m, k + m);
            }
        }
        return String.format("            shape(%d, %d, \"%s\", \"%s\"), // %d packet XORs (default points: %d)",
                k, m, hex(bestXs), hex(bestYs), best, defaultXors);
    }

    /**
     * Replaces one point at a time by an unused element, or swaps two points (positions and values tried from a
     * random start), while that lowers the count. Swaps matter where all candidates are in use (16 shards of format 4).
     */
    private int descend(int[] points, int m, Random random, long end) {
        boolean[] used = new boolean[256];
        for (int p : points) {
            used[p] = true;
        }
        int current = packetXors(points, m);
        boolean improved = true;
        while (improved && System.nanoTime() < end) {
            improved = false;
            int firstPosition = random.nextInt(points.length);
            int firstValue = random.nextInt(candidates.length);
            search:
            for (int i = 0; i < points.length; i++) {
                int position = (firstPosition + i) % points.length;
                for (int j = 0; j < candidates.length; j++) {
                    int value = candidates[(firstValue + j) % candidates.length];
                    if (used[value]) {
                        continue;
                    }
                    int old = points[position];
                    points[position] = value;
                    int xors = packetXors(points, m);
                    if (xors < current) {
                        used[old] = false;
                        used[value] = true;
                        current = xors;
                        improved = true;
                        break search;
                    }
                    points[position] = old;
                }
                for (int other = position + 1; other < points.length; other++) {
                    swap(points, position, other);
                    int xors = packetXors(points, m);
                    if (xors < current) {
                        current = xors;
                        improved = true;
                        break search;
                    }
                    swap(points, position, other);
                }
            }
        }
        return current;
    }

    private static void swap(int[] points, int i, int j) {
        int t = points[i];
        points[i] = points[j];
        points[j] = t;
    }

    private int[] distinct(Random random, int n) {
        List<Integer> all = new ArrayList<>();
        for (int v : candidates) {
            all.add(v);
        }
        Collections.shuffle(all, random);
        return all.subList(0, n).stream().mapToInt(Integer::intValue).toArray();
    }

    private static String hex(int[] points) {
        StringBuilder out = new StringBuilder();
        for (int p : points) {
            out.append(out.isEmpty() ? "" : " ").append(String.format("%02x", p));
        }
        return out.toString();
    }
}
