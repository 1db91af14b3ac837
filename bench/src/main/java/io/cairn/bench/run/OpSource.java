package io.cairn.bench.run;

import java.util.concurrent.CompletableFuture;

/** What a closed loop runs: the next operation of a worker, or null when there is no more work. */
@FunctionalInterface
public interface OpSource {
    /**
     * Starts one operation (one or several requests) on the worker's connection. Called on the worker's event
     * loop; must not block. The future completes when the operation is over; exceptionally only on a transport
     * failure (HTTP errors are recorded and complete normally).
     */
    CompletableFuture<?> next(Worker worker);
}
