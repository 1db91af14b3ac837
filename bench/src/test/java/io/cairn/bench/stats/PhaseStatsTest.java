package io.cairn.bench.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Recording from many threads, interval sampling, phase swaps and error aggregation. */
class PhaseStatsTest {

    @Test
    void intervalsAddUpToTheTotal() {
        PhaseStats phase = new PhaseStats("measure");
        Meter meter = new Meter(phase);
        for (int i = 0; i < 100; i++) {
            meter.success(Op.GET, 1_000_000, 4096);
        }
        List<PhaseStats.IntervalSample> first = phase.sample();
        for (int i = 0; i < 50; i++) {
            meter.success(Op.GET, 3_000_000, 4096);
        }
        List<PhaseStats.IntervalSample> second = phase.sample();

        assertThat(first).singleElement().satisfies(s -> {
            assertThat(s.op()).isEqualTo(Op.GET);
            assertThat(s.count()).isEqualTo(100);
            assertThat(s.bytes()).isEqualTo(409_600);
        });
        assertThat(second).singleElement().satisfies(s -> {
            assertThat(s.count()).isEqualTo(50);
            assertThat(s.bytes()).isEqualTo(204_800);
            assertThat((double) s.p99Nanos()).isCloseTo(3_000_000, within(3_000.0));
        });
        OpSummary total = phase.summarize(1_000_000_000L).get(0);
        assertThat(total.count()).isEqualTo(150);
        assertThat(total.bytes()).isEqualTo(150 * 4096);
        assertThat((double) total.p50Nanos()).isCloseTo(1_000_000, within(1_000.0));
        assertThat((double) total.maxNanos()).isCloseTo(3_000_000, within(3_000.0));
    }

    @Test
    void errorsAreCountedByOperationAndKeyAcrossThreads() throws InterruptedException {
        PhaseStats phase = new PhaseStats("measure");
        Meter meter = new Meter(phase);
        int threads = 4;
        int perThread = 10_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    switch (i % 4) {
                        case 0 -> meter.error(Op.GET, "404 NoSuchKey");
                        case 1 -> meter.error(Op.GET, "503 SlowDown");
                        case 2 -> meter.error(Op.PUT, "503 SlowDown");
                        default -> meter.success(Op.PUT, 2_000_000, 100);
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        phase.sample();

        List<OpSummary> summary = phase.summarize(2_000_000_000L);
        OpSummary get = summary.stream().filter(s -> s.op() == Op.GET).findFirst().orElseThrow();
        OpSummary put = summary.stream().filter(s -> s.op() == Op.PUT).findFirst().orElseThrow();

        int quarter = threads * perThread / 4;
        assertThat(get.count()).isZero();
        assertThat(get.errors()).isEqualTo(Map.of("404 NoSuchKey", (long) quarter, "503 SlowDown", (long) quarter));
        assertThat(put.errors()).isEqualTo(Map.of("503 SlowDown", (long) quarter));
        assertThat(put.count()).isEqualTo(quarter);
        assertThat(put.opsPerSecond()).isCloseTo(quarter / 2.0, within(1e-9));
        assertThat(phase.errorCount()).isEqualTo(3L * quarter);
        assertThat(phase.errorsSoFar()).containsEntry("GET 404 NoSuchKey", (long) quarter);
    }

    @Test
    void aSwapSendsLaterRecordsToTheNextPhase() {
        PhaseStats warmup = new PhaseStats("warmup");
        PhaseStats measure = new PhaseStats("measure");
        Meter meter = new Meter(warmup);
        meter.success(Op.STAT, 1000, 0);
        meter.error(Op.STAT, "500 InternalError");

        assertThat(meter.swap(measure)).isSameAs(warmup);
        meter.success(Op.STAT, 1000, 0);
        meter.success(Op.STAT, 1000, 0);
        warmup.sample();
        measure.sample();

        assertThat(warmup.summarize(1).get(0).count()).isEqualTo(1);
        assertThat(measure.summarize(1).get(0).count()).isEqualTo(2);
        assertThat(measure.errorCount()).isZero();
        assertThat(meter.current()).isSameAs(measure);
    }

    @Test
    void operationsThatNeverRanAreLeftOut() {
        PhaseStats phase = new PhaseStats("measure");
        phase.sample();

        assertThat(phase.summarize(1_000_000_000L)).isEmpty();
        assertThat(phase.sample()).isEmpty();
    }
}
