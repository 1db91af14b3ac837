package io.cairn.bench.scenario;

import io.cairn.bench.run.Worker;
import io.cairn.bench.s3.Xml;
import io.cairn.bench.stats.Op;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * ListObjectsV2 pages of --page keys out of --list-keys: each request starts after a random key chosen so
 * that the page is full, so every request does the same work. The key count that comes back is checked.
 */
final class ListScenario implements Scenario {
    /**
     * KeyCount comes before the first Contents element (as in S3's documents), so the head of a page is all
     * the client copies out: a 1000-key page is ~200 KiB, and copying it would cost the client more than the
     * rest of the request.
     */
    private static final int HEAD_BYTES = 2048;

    private final ScenarioContext ctx;
    private int keys;

    ListScenario(ScenarioContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void prepare() throws InterruptedException, ExecutionException {
        keys = ctx.options().listKeys();
        ctx.preparer().putAll(keys, ctx.keys()::listed, ctx.options().size());
    }

    @Override
    public CompletableFuture<?> next(Worker w) {
        int page = ctx.options().page();
        // start after key i (or from the start when i is -1); the page then holds min(page, keys-1-i) keys
        int last = Math.max(-1, keys - page - 1);
        int after = w.random().nextInt(last + 2) - 1;
        int expected = Math.min(page, keys - 1 - after);
        String startAfter = after < 0 ? null : ctx.keys().listed(after);
        return ctx.s3().listObjects(w.connection(), ctx.bucket(), ctx.keys().listPrefix(), startAfter, null, page,
                        HEAD_BYTES)
                .thenAccept(r -> {
                    if (r.ok()) {
                        String count = Xml.first(r.bodyText(), "KeyCount");
                        // a server that puts KeyCount after the keys is not checked (count is null then)
                        if (count != null && !Integer.toString(expected).equals(count)) {
                            ctx.s3().meter().error(Op.LIST, "wrong KeyCount");
                        }
                    }
                });
    }
}
