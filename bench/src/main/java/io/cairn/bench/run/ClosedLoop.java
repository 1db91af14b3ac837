package io.cairn.bench.run;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs an {@link OpSource} on every worker: each starts its next operation when the previous one completes,
 * so the offered load is the concurrency and the server's speed sets the rate (what warp and wrk do too).
 */
public final class ClosedLoop {
    /** After a transport failure a worker waits this long, so a dead server is not hammered in a busy loop. */
    private static final long PAUSE_AFTER_FAILURE_MS = 100;

    private final OpSource source;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicInteger running;
    private volatile boolean stopping;

    private ClosedLoop(OpSource source, int workers) {
        this.source = source;
        this.running = new AtomicInteger(workers);
    }

    public static ClosedLoop start(List<Worker> workers, OpSource source) {
        ClosedLoop loop = new ClosedLoop(source, workers.size());
        if (workers.isEmpty()) {
            loop.done.complete(null);
        }
        for (Worker w : workers) {
            w.connection().eventLoop().execute(() -> loop.step(w));
        }
        return loop;
    }

    /** Workers start no new operation; {@link #done()} completes when those in flight have. */
    public void stop() {
        stopping = true;
    }

    /** Completes when every worker has stopped: asked to, or out of work. Exceptionally if a source threw. */
    public CompletableFuture<Void> done() {
        return done;
    }

    private void step(Worker w) {
        // A loop, not recursion, when operations complete at once (e.g. refused before any I/O).
        while (!stopping) {
            CompletableFuture<?> op;
            try {
                op = source.next(w);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
                finished();
                return;
            }
            if (op == null) {
                break;
            }
            if (!op.isDone()) {
                op.whenComplete((r, failure) -> afterOperation(w, failure));
                return;
            }
            if (op.isCompletedExceptionally()) {
                pause(w);
                return;
            }
        }
        finished();
    }

    private void afterOperation(Worker w, Throwable failure) {
        if (failure != null) {
            pause(w);
        } else {
            step(w);
        }
    }

    private void pause(Worker w) {
        w.connection().eventLoop().schedule(() -> step(w), PAUSE_AFTER_FAILURE_MS, TimeUnit.MILLISECONDS);
    }

    private void finished() {
        if (running.decrementAndGet() == 0) {
            done.complete(null);
        }
    }
}
