package io.cairn.bench.run;

import io.cairn.bench.cli.Options;
import io.cairn.bench.cli.ScenarioName;
import io.cairn.bench.http.Response;
import io.cairn.bench.report.ProgressLine;
import io.cairn.bench.scenario.Scenario;
import io.cairn.bench.scenario.ScenarioContext;
import io.cairn.bench.stats.CpuMeter;
import io.cairn.bench.stats.ErrorKeys;
import io.cairn.bench.stats.PhaseStats;
import io.cairn.bench.stats.RunSummary;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One measured run: bucket, preparation, warm-up, measurement, clean-up. Warm-up and measurement are one
 * uninterrupted closed loop; only the phase requests record into changes, so no connection goes cold.
 */
public final class BenchRunner {
    private static final long SECOND = 1_000_000_000L;
    /** How long in-flight requests may take to finish after the measured time (large objects are slow). */
    private static final long DRAIN_SECONDS = 120;

    private final Options options;
    private final PrintStream progress;

    /** @param progress where the per-second progress line goes (stderr), or null for none */
    public BenchRunner(Options options, PrintStream progress) {
        this.options = options;
        this.progress = options.progress() ? progress : null;
    }

    public BenchResult run() throws InterruptedException, ExecutionException {
        Instant startedAt = Instant.now();
        String runId = randomHex(3);
        boolean ownBucket = options.bucket() == null;
        String bucket = ownBucket ? "cairn-bench-" + randomHex(5) : options.bucket();
        Keys keys = new Keys(runId);
        List<String> notes = new ArrayList<>();
        try (Session session = new Session(options, payloadMax(options));
             StatusTicker ticker = new StatusTicker(progress)) {
            boolean created = false;
            try {
                if (ownBucket) {
                    createBucket(session, bucket);
                    created = true;
                }
                Preparer preparer = new Preparer(session.s3, session.workers, bucket);
                Scenario scenario = Scenario.create(new ScenarioContext(session.s3, bucket, keys, options, preparer));
                ticker.show(() -> "preparing " + preparer.progress());
                scenario.prepare();
                ticker.show(null);
                requireNoErrors(session.meter.current(), "preparing");
                RunSummary summary = measure(session, scenario, notes);
                return new BenchResult(options, bucket, startedAt, session.http.epoll() ? "epoll" : "nio", summary);
            } finally {
                ticker.show(() -> "cleaning up " + bucket);
                cleanUp(session, bucket, ownBucket ? "" : keys.prefix(), ownBucket && created, notes);
                ticker.show(null);
            }
        }
    }

    private RunSummary measure(Session session, Scenario scenario, List<String> notes)
            throws InterruptedException, ExecutionException {
        PhaseStats warmup = new PhaseStats("warmup");
        session.meter.swap(warmup);
        ClosedLoop loop = ClosedLoop.start(session.workers, scenario);
        long start = System.nanoTime();
        if (!options.warmup().isZero()) {
            tick(warmup, start, start + options.warmup().toNanos(), loop);
        }
        PhaseStats measured = new PhaseStats("measure");
        session.meter.swap(measured);
        long cpuStart = CpuMeter.processCpuNanos();
        long measureStart = System.nanoTime();
        tick(measured, measureStart, measureStart + options.duration().toNanos(), loop);
        session.meter.swap(new PhaseStats("drain"));
        long measureEnd = System.nanoTime();
        long cpu = CpuMeter.processCpuNanos() - cpuStart;
        loop.stop();
        measured.sample();
        try {
            loop.done().get(DRAIN_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            notes.add("requests still in flight " + DRAIN_SECONDS + " s after the end were abandoned");
            session.abortInFlight();
        }
        String exhausted = scenario.exhaustedNote();
        if (exhausted != null) {
            notes.add(exhausted);
        }
        return new RunSummary((measureEnd - measureStart) / 1e9, measured.summarize(measureEnd - measureStart),
                cpu, session.threads, Runtime.getRuntime().availableProcessors(), notes);
    }

    /**
     * Samples {@code phase} once a second and prints the progress line, until {@code end} or until the loop
     * runs out of work (then at once, so the window does not include idle time).
     */
    private void tick(PhaseStats phase, long phaseStart, long end, ClosedLoop loop)
            throws InterruptedException, ExecutionException {
        long next = phaseStart + SECOND;
        long lastCpu = CpuMeter.processCpuNanos();
        long lastTick = phaseStart;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            try {
                loop.done().get(Math.min(next, end) - now, TimeUnit.NANOSECONDS);
                return;
            } catch (TimeoutException e) {
                // the usual case: a second has passed
            }
            now = System.nanoTime();
            if (now >= next) {
                List<PhaseStats.IntervalSample> samples = phase.sample();
                long cpu = CpuMeter.processCpuNanos();
                if (progress != null) {
                    progress.println(ProgressLine.format(phase.name(), (now - phaseStart) / 1e9,
                            (end - phaseStart) / 1e9, (now - lastTick) / 1e9, samples, phase.errorCount(),
                            (cpu - lastCpu) / (double) (now - lastTick)));
                }
                lastCpu = cpu;
                lastTick = now;
                next += SECOND;
            }
        }
    }

    /** Presign mode: prepares objects, writes their presigned GET URLs, keeps the bucket. Returns its name. */
    public String presign() throws Exception {
        boolean ownBucket = options.bucket() == null;
        String bucket = ownBucket ? "cairn-bench-" + randomHex(5) : options.bucket();
        Keys keys = new Keys(randomHex(3));
        try (Session session = new Session(options, options.size().max());
             StatusTicker ticker = new StatusTicker(progress)) {
            boolean done = false;
            try {
                if (ownBucket) {
                    createBucket(session, bucket);
                }
                Preparer preparer = new Preparer(session.s3, session.workers, bucket);
                ticker.show(() -> "preparing " + preparer.progress());
                preparer.putAll(options.objects(), keys::object, options.size());
                ticker.show(null);
                requireNoErrors(session.meter.current(), "preparing");
                new PresignedUrls(options).write(bucket, keys, options.objects());
                done = true;
                return bucket;
            } finally {
                if (!done) {
                    cleanUp(session, bucket, ownBucket ? "" : keys.prefix(), ownBucket, new ArrayList<>());
                }
            }
        }
    }

    /** Cleanup mode: empties and removes a bucket a presign run kept. Returns how many objects it deleted. */
    public long cleanupBucket() throws Exception {
        String bucket = options.bucket();
        if (!bucket.startsWith("cairn-bench-")) {
            throw new IllegalArgumentException("--cleanup removes only buckets this tool created (cairn-bench-*), "
                    + "not " + bucket);
        }
        try (Session session = new Session(options, 0)) {
            BucketCleaner cleaner = new BucketCleaner(session.s3, session.connections);
            long deleted = cleaner.deleteObjects(bucket, "");
            cleaner.abortUploads(bucket, "");
            cleaner.deleteBucket(bucket);
            return deleted;
        }
    }

    private void cleanUp(Session session, String bucket, String prefix, boolean deleteBucket, List<String> notes) {
        session.meter.swap(new PhaseStats("cleanup"));
        try {
            BucketCleaner cleaner = new BucketCleaner(session.s3, session.connections);
            cleaner.deleteObjects(bucket, prefix);
            cleaner.abortUploads(bucket, prefix);
            if (deleteBucket) {
                cleaner.deleteBucket(bucket);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            notes.add("clean-up interrupted; bucket " + bucket + " may hold objects of this run");
        } catch (ExecutionException | RuntimeException e) {
            String why = e instanceof ExecutionException ? ErrorKeys.of(e) : e.getMessage();
            notes.add("clean-up failed (" + why + "); bucket " + bucket + " may hold objects of this run");
            if (progress != null) {
                progress.println("cairn bench: clean-up failed: " + why);
            }
        }
    }

    private static void createBucket(Session session, String bucket) throws InterruptedException,
            ExecutionException {
        Response r = session.s3.createBucket(session.connections.get(0), bucket).get();
        if (!r.ok()) {
            throw new IllegalStateException("could not create bucket " + bucket + ": " + ErrorKeys.of(r));
        }
    }

    private static void requireNoErrors(PhaseStats phase, String what) {
        if (phase.errorCount() > 0) {
            throw new IllegalStateException(what + " failed: " + phase.errorsSoFar());
        }
    }

    /** The largest single request body: a part for multipart, an object otherwise. */
    static long payloadMax(Options o) {
        return o.scenario() == ScenarioName.MULTIPART ? Math.min(o.partSize(), o.size().max()) : o.size().max();
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new java.security.SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
