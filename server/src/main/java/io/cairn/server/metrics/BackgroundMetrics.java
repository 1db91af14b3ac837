package io.cairn.server.metrics;

import io.cairn.server.tier.Tiering;
import io.cairn.tiering.lifecycle.LifecycleScanner;
import io.cairn.tiering.lifecycle.PassReport;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.ToDoubleFunction;

/**
 * Progress of the background work, read from the counters it already keeps when scraped: lifecycle scanner passes
 * (entries examined, actions taken), transitions to remote tiers and failed remote calls.
 */
public final class BackgroundMetrics {
    private BackgroundMetrics() {
    }

    public static void bind(CairnMetrics metrics, LifecycleScanner scanner, Tiering tiering) {
        MeterRegistry r = metrics.registry();
        FunctionCounter.builder("cairn.lifecycle.passes", scanner, LifecycleScanner::completedPasses)
                .description("Lifecycle scanner passes completed").register(r);
        FunctionCounter.builder("cairn.lifecycle.examined", scanner, s -> s.totals().examined())
                .description("Versions, delete markers and uploads the lifecycle scanner examined").register(r);
        action(r, scanner, "expired", PassReport::expired);
        action(r, scanner, "noncurrent_removed", PassReport::noncurrentRemoved);
        action(r, scanner, "delete_marker_removed", PassReport::deleteMarkersRemoved);
        action(r, scanner, "upload_aborted", PassReport::uploadsAborted);
        action(r, scanner, "transition", PassReport::transitions);
        action(r, scanner, "transition_deferred", PassReport::transitionsDeferred);
        action(r, scanner, "skipped", PassReport::skipped);
        action(r, scanner, "failed", PassReport::failures);

        FunctionCounter.builder("cairn.tier.transitions", tiering, t -> t.transitions().stats().transitioned())
                .description("Object versions moved to a remote tier").register(r);
        FunctionCounter.builder("cairn.tier.transitioned", tiering, t -> t.transitions().stats().bytes())
                .baseUnit("bytes").description("Stored bytes moved to remote tiers").register(r);
        FunctionCounter.builder("cairn.tier.transition.failures", tiering, t -> t.transitions().stats().failed())
                .description("Transitions that failed (the object stays local)").register(r);
        FunctionCounter.builder("cairn.tier.call.failures", tiering, Tiering::tierFailures)
                .description("Failed calls to remote tiers, all tiers and operations").register(r);
    }

    private static void action(MeterRegistry r, LifecycleScanner scanner, String action,
                               ToDoubleFunction<PassReport> count) {
        FunctionCounter.builder("cairn.lifecycle.actions", scanner, s -> count.applyAsDouble(s.totals()))
                .description("Lifecycle actions by kind (skipped: the object changed between look and action; "
                        + "transition_deferred: left for a later pass, the tier failed or backs off)")
                .tag("action", action)
                .register(r);
    }
}
