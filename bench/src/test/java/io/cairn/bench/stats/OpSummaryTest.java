package io.cairn.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Percentiles, rates and throughput of one operation, checked against exact figures on known data. */
class OpSummaryTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void percentilesMatchASortedReferenceWithinHistogramPrecision() {
        // 100,000 latencies from 20 µs to ~2 s, log-uniform like real latencies, in random order
        SplittableRandom random = new SplittableRandom(42);
        long[] values = new long[100_000];
        Histogram h = new Histogram(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) (20_000 * Math.pow(10, random.nextDouble() * 5));
            h.recordValue(values[i]);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);

        OpSummary s = OpSummary.of(Op.GET, h, 0, Map.of(), 10 * SECOND);

        assertWithinPrecision(s.p50Nanos(), nearestRank(sorted, 50));
        assertWithinPrecision(s.p90Nanos(), nearestRank(sorted, 90));
        assertWithinPrecision(s.p99Nanos(), nearestRank(sorted, 99));
        assertWithinPrecision(s.maxNanos(), sorted[sorted.length - 1]);
        assertThat(s.meanNanos()).isCloseTo(Arrays.stream(values).average().orElseThrow(),
                within(Arrays.stream(values).average().orElseThrow() * 0.001));
        assertThat(s.count()).isEqualTo(values.length);
    }

    @Test
    void percentilesOfASmallExactSet() {
        // 1..100 ms: the nearest-rank p50 is 50 ms, p90 90 ms, p99 99 ms, max 100 ms
        Histogram h = new Histogram(3);
        List<Long> values = new ArrayList<>();
        for (long ms = 1; ms <= 100; ms++) {
            values.add(ms * 1_000_000);
        }
        Collections.shuffle(values, new java.util.Random(1));
        values.forEach(h::recordValue);

        OpSummary s = OpSummary.of(Op.STAT, h, 0, Map.of(), SECOND);

        assertWithinPrecision(s.p50Nanos(), 50_000_000);
        assertWithinPrecision(s.p90Nanos(), 90_000_000);
        assertWithinPrecision(s.p99Nanos(), 99_000_000);
        assertWithinPrecision(s.maxNanos(), 100_000_000);
    }

    @Test
    void ratesAreOverTheMeasuredWindow() {
        Histogram h = new Histogram(3);
        for (int i = 0; i < 3000; i++) {
            h.recordValue(1_000_000);
        }
        long bytes = 3000L * 4096;

        OpSummary s = OpSummary.of(Op.PUT, h, bytes, Map.of(), 1_500_000_000L);

        assertThat(s.seconds()).isEqualTo(1.5);
        assertThat(s.opsPerSecond()).isCloseTo(2000.0, within(1e-9));
        assertThat(s.mibPerSecond()).isCloseTo(3000 * 4096 / 1048576.0 / 1.5, within(1e-9));
        assertThat(s.mibPerSecond()).isCloseTo(7.8125, within(1e-9));
    }

    @Test
    void largeObjectThroughputIsInMebibytes() {
        Histogram h = new Histogram(3);
        for (int i = 0; i < 10; i++) {
            h.recordValue(200_000_000);
        }

        OpSummary s = OpSummary.of(Op.GET, h, 10L * 64 * 1024 * 1024, Map.of(), 2 * SECOND);

        assertThat(s.mibPerSecond()).isCloseTo(320.0, within(1e-9));
        assertThat(s.opsPerSecond()).isCloseTo(5.0, within(1e-9));
    }

    @Test
    void nothingCompletedIsZeroesNotNaN() {
        OpSummary s = OpSummary.of(Op.DELETE, new Histogram(3), 0, Map.of("503 SlowDown", 4L), SECOND);

        assertThat(s.count()).isZero();
        assertThat(s.opsPerSecond()).isZero();
        assertThat(s.mibPerSecond()).isZero();
        assertThat(s.p99Nanos()).isZero();
        assertThat(s.errorCount()).isEqualTo(4);
        assertThat(s.requests()).isEqualTo(4);
        assertThat(OpSummary.of(Op.GET, new Histogram(3), 0, Map.of(), 0).opsPerSecond()).isZero();
    }

    @Test
    void aCompositeOperationAddsNoRequestsOfItsOwn() {
        Histogram h = new Histogram(3);
        h.recordValue(5_000_000);

        assertThat(OpSummary.of(Op.MULTIPART, h, 0, Map.of(), SECOND).requests()).isZero();
        assertThat(OpSummary.of(Op.MPU_PART, h, 0, Map.of("500 InternalError", 1L), SECOND).requests())
                .isEqualTo(2);
    }

    @Test
    void clientCpuIsPerRequestAndInCores() {
        Histogram h = new Histogram(3);
        for (int i = 0; i < 1000; i++) {
            h.recordValue(1000);
        }
        OpSummary gets = OpSummary.of(Op.GET, h, 0, Map.of("404 NoSuchKey", 1000L), 2 * SECOND);
        OpSummary whole = OpSummary.of(Op.MULTIPART, h, 0, Map.of(), 2 * SECOND);

        RunSummary run = new RunSummary(2.0, List.of(gets, whole), 500_000_000L, 1, 2, List.of());

        assertThat(run.requests()).isEqualTo(2000);
        assertThat(run.errorCount()).isEqualTo(1000);
        assertThat(run.cpuMicrosPerRequest()).isCloseTo(250.0, within(1e-9));
        assertThat(run.cpuCores()).isCloseTo(0.25, within(1e-9));
    }

    /** The value at or below which p percent of the sorted values lie (nearest rank, as HdrHistogram). */
    private static long nearestRank(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** Three significant digits: within 0.1 %. */
    private static void assertWithinPrecision(long actual, long expected) {
        assertThat((double) actual).isCloseTo(expected, within(expected * 0.001 + 1));
    }
}
