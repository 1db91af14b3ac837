package io.cairn.bench.run;

import io.cairn.bench.cli.SizeSpec;
import io.cairn.bench.s3.S3Client;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** Writes the objects a scenario reads, with every connection at once; not measured. */
public final class Preparer {
    private final S3Client s3;
    private final List<Worker> workers;
    private final String bucket;
    private final AtomicInteger done = new AtomicInteger();
    private volatile int total;

    public Preparer(S3Client s3, List<Worker> workers, String bucket) {
        this.s3 = s3;
        this.workers = workers;
        this.bucket = bucket;
    }

    /**
     * PUTs objects 0..count-1 named by {@code names}, sizes drawn from {@code sizes}; returns the sizes.
     * Failed PUTs are recorded in the current phase; the caller checks its errors.
     */
    public long[] putAll(int count, IntFunction<String> names, SizeSpec sizes)
            throws InterruptedException, ExecutionException {
        long[] chosen = new long[count];
        SplittableRandom random = new SplittableRandom(count);
        for (int i = 0; i < count; i++) {
            chosen[i] = sizes.next(random);
        }
        total = count;
        done.set(0);
        AtomicInteger next = new AtomicInteger();
        ClosedLoop loop = ClosedLoop.start(workers, w -> {
            int i = next.getAndIncrement();
            if (i >= count) {
                return null;
            }
            CompletableFuture<?> put = s3.putObject(w.connection(), bucket, names.apply(i), chosen[i], w.random());
            return put.whenComplete((r, e) -> done.incrementAndGet());
        });
        loop.done().get();
        return chosen;
    }

    /** "1234/10000" while preparing, for the progress line. */
    public String progress() {
        return done.get() + "/" + total;
    }
}
