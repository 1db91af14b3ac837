package io.cairn.bench.scenario;

import io.cairn.bench.cli.Mix;
import io.cairn.bench.run.KeyPool;
import io.cairn.bench.run.Worker;
import io.cairn.bench.stats.Op;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * warp's mixed workload: each operation is GET, STAT, PUT or DELETE by the --mix weights, over a pool of
 * objects that PUTs grow and DELETEs shrink. When the pool is empty a read or delete becomes a PUT.
 */
final class MixedScenario implements Scenario {
    private final ScenarioContext ctx;
    private final Mix mix;
    private final KeyPool pool = new KeyPool();

    MixedScenario(ScenarioContext ctx) {
        this.ctx = ctx;
        this.mix = ctx.options().mix();
    }

    @Override
    public void prepare() throws InterruptedException, ExecutionException {
        int count = ctx.options().objects();
        long[] sizes = ctx.preparer().putAll(count, ctx.keys()::object, ctx.options().size());
        for (int i = 0; i < count; i++) {
            pool.add(ctx.keys().object(i), sizes[i]);
        }
    }

    @Override
    public CompletableFuture<?> next(Worker w) {
        return switch (mix.pick(w.random())) {
            case GET -> read(w, false);
            case STAT -> read(w, true);
            case PUT -> put(w);
            case DELETE -> delete(w);
        };
    }

    private CompletableFuture<?> read(Worker w, boolean stat) {
        KeyPool.Entry e = pool.acquireForRead(w.random());
        if (e == null) {
            return put(w);
        }
        CompletableFuture<?> op = stat
                ? ctx.s3().headObject(w.connection(), ctx.bucket(), e.key())
                : ctx.s3().getObject(w.connection(), ctx.bucket(), e.key()).thenAccept(r -> {
                    if (r.ok() && r.bodyBytes() != e.size()) {
                        ctx.s3().meter().error(Op.GET, "wrong body length");
                    }
                });
        return op.whenComplete((r, failure) -> pool.releaseRead(e));
    }

    private CompletableFuture<?> put(Worker w) {
        String key = ctx.keys().written("mixed", w.index(), w.nextSequence());
        long size = ctx.options().size().next(w.random());
        return ctx.s3().putObject(w.connection(), ctx.bucket(), key, size, w.random()).thenAccept(r -> {
            if (r.ok()) {
                pool.add(key, size);
            }
        });
    }

    private CompletableFuture<?> delete(Worker w) {
        KeyPool.Entry e = pool.takeForDelete(w.random());
        if (e == null) {
            return put(w);
        }
        return ctx.s3().deleteObject(w.connection(), ctx.bucket(), e.key());
    }
}
