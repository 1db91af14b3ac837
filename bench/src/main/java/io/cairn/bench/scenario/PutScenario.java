package io.cairn.bench.scenario;

import io.cairn.bench.run.Worker;

import java.util.concurrent.CompletableFuture;

/** PUT of a new object each time (as warp does): every request is a full create, never an overwrite. */
final class PutScenario implements Scenario {
    private final ScenarioContext ctx;

    PutScenario(ScenarioContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public CompletableFuture<?> next(Worker w) {
        String key = ctx.keys().written("put", w.index(), w.nextSequence());
        return ctx.s3().putObject(w.connection(), ctx.bucket(), key, ctx.options().size().next(w.random()),
                w.random());
    }
}
