package io.cairn.bench.scenario;

import io.cairn.bench.run.OpSource;

import java.util.concurrent.ExecutionException;

/** A workload: optional unmeasured preparation, then one operation after another per worker. */
public interface Scenario extends OpSource {

    /** Writes what the measured operations need (objects to read, keys to list). */
    default void prepare() throws InterruptedException, ExecutionException {
    }

    /** Why the scenario stopped before its time was up, or null (only delete can run out). */
    default String exhaustedNote() {
        return null;
    }

    static Scenario create(ScenarioContext ctx) {
        return switch (ctx.options().scenario()) {
            case PUT -> new PutScenario(ctx);
            case GET -> new ReadScenario(ctx, false);
            case STAT -> new ReadScenario(ctx, true);
            case DELETE -> new DeleteScenario(ctx);
            case LIST -> new ListScenario(ctx);
            case MULTIPART -> new MultipartScenario(ctx);
            case MIXED -> new MixedScenario(ctx);
        };
    }
}
