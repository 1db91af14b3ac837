package io.cairn.bench.scenario;

import io.cairn.bench.run.Worker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * DELETE of prepared objects, each once: deleting a missing key would measure a different (cheaper) path.
 * The run ends early when they are all gone; the report then says so and rates use the shorter time.
 */
final class DeleteScenario implements Scenario {
    private final ScenarioContext ctx;
    private final AtomicInteger next = new AtomicInteger();
    private int count;

    DeleteScenario(ScenarioContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void prepare() throws InterruptedException, ExecutionException {
        count = ctx.options().objects();
        ctx.preparer().putAll(count, ctx.keys()::object, ctx.options().size());
    }

    @Override
    public CompletableFuture<?> next(Worker w) {
        int i = next.getAndIncrement();
        if (i >= count) {
            return null;
        }
        return ctx.s3().deleteObject(w.connection(), ctx.bucket(), ctx.keys().object(i));
    }

    @Override
    public String exhaustedNote() {
        return next.get() >= count ? "all " + count + " prepared objects were deleted before the time was up; "
                + "the rates are over the shorter time (raise --objects for a full run)" : null;
    }
}
