package io.cairn.bench.scenario;

import io.cairn.bench.run.Worker;
import io.cairn.bench.stats.Op;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * GET (whole object) or STAT (HEAD) of a random prepared object. The size that comes back is checked
 * against the size written: a short or long body is the server's error and is counted as one.
 */
final class ReadScenario implements Scenario {
    private final ScenarioContext ctx;
    private final boolean stat;
    private long[] sizes;

    ReadScenario(ScenarioContext ctx, boolean stat) {
        this.ctx = ctx;
        this.stat = stat;
    }

    @Override
    public void prepare() throws InterruptedException, ExecutionException {
        sizes = ctx.preparer().putAll(ctx.options().objects(), ctx.keys()::object, ctx.options().size());
    }

    @Override
    public CompletableFuture<?> next(Worker w) {
        int i = w.random().nextInt(sizes.length);
        String key = ctx.keys().object(i);
        long expected = sizes[i];
        if (stat) {
            return ctx.s3().headObject(w.connection(), ctx.bucket(), key).thenAccept(r -> {
                if (r.ok() && !Long.toString(expected).equals(r.header("content-length"))) {
                    ctx.s3().meter().error(Op.STAT, "wrong Content-Length");
                }
            });
        }
        return ctx.s3().getObject(w.connection(), ctx.bucket(), key).thenAccept(r -> {
            if (r.ok() && r.bodyBytes() != expected) {
                ctx.s3().meter().error(Op.GET, "wrong body length");
            }
        });
    }
}
