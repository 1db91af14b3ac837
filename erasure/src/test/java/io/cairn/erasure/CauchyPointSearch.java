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
 * Finds Cauchy points with few packet XORs for {@link CauchyPoints}' table: for each shape, local searches from
 * random points (replace one point by an unused element while that lowers the count) for a fixed time, keeping the
 * best. Prints table entries; the points of a shape already in the table must never be replaced.
 *
 * <pre>java -cp erasure/target/test-classes:erasure/target/classes io.cairn.erasure.CauchyPointSearch SECONDS [k+m ...]</pre>
 */
public final class CauchyPointSearch {
    private CauchyPointSearch() {
    }

    public static void main(String[] args) throws Exception {
        long nanos = (long) (Double.parseDouble(args[0]) * 1e9);
        List<CauchyPoints.Shape> shapes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
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
            lines.add(pool.submit(() -> search(shape, nanos)));
        }
        for (Future<String> line : lines) {
            System.out.println(line.get());
        }
        pool.shutdown();
    }

    /** Packet XORs of format 3's matrix with the points x = {@code points[0, m)}, y = the rest. */
    private static int packetXors(int[] points, int m) {
        CauchyPoints.Points cauchy = new CauchyPoints.Points(Arrays.copyOfRange(points, 0, m),
                Arrays.copyOfRange(points, m, points.length));
        return BitslicedKernel.packetXors(cauchy.matrix().sparsest().toArrays());
    }

    private static String search(CauchyPoints.Shape shape, long nanos) {
        int k = shape.dataShards();
        int m = shape.parityShards();
        CauchyPoints.Points defaults = CauchyPoints.defaults(k, m);
        int defaultXors = BitslicedKernel.packetXors(ErasureCode.BITSLICED.parityMatrix(k, m).toArrays());
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

    /** Replaces one point at a time (positions and values tried from a random start) while that lowers the count. */
    private static int descend(int[] points, int m, Random random, long end) {
        boolean[] used = new boolean[256];
        for (int p : points) {
            used[p] = true;
        }
        int current = packetXors(points, m);
        boolean improved = true;
        while (improved && System.nanoTime() < end) {
            improved = false;
            int firstPosition = random.nextInt(points.length);
            int firstValue = random.nextInt(256);
            search:
            for (int i = 0; i < points.length; i++) {
                int position = (firstPosition + i) % points.length;
                for (int j = 0; j < 256; j++) {
                    int value = (firstValue + j) & 0xFF;
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
            }
        }
        return current;
    }

    private static int[] distinct(Random random, int n) {
        List<Integer> all = new ArrayList<>();
        for (int v = 0; v < 256; v++) {
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
