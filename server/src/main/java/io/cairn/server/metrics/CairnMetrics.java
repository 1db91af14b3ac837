package io.cairn.server.metrics;

import io.cairn.server.logs.JsonLinesLog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The server's meter registry, rendered in the Prometheus text format: request meters, JVM and process meters, and
 * whatever the storage and background services bind to it. Gauges are read when scraped; meters that need a
 * refresh before a scrape (per-bucket rows) register a hook.
 */
public final class CairnMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RequestMetrics requests = new RequestMetrics(registry);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

    public CairnMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public RequestMetrics requests() {
        return requests;
    }

    /** Lines each log (those not null) lost because its queue was full or its file could not be written. */
    public void bindLogs(JsonLinesLog<?>... logs) {
        for (JsonLinesLog<?> log : logs) {
            if (log != null) {
                FunctionCounter.builder("cairn.log.dropped", log, JsonLinesLog::dropped)
                        .baseUnit("lines")
                        .description("Log lines lost: the log's queue was full or its file could not be written")
                        .tag("log", log.name())
                        .register(registry);
            }
        }
    }

    /** Runs {@code hook} before every scrape, e.g. to bring multi-row gauges up to date. */
    public void beforeScrape(Runnable hook) {
        beforeScrape.add(hook);
    }

    /** Every meter in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        beforeScrape.forEach(Runnable::run);
        StringBuilder out = new StringBuilder(registry.scrape());
        requests.renderLatency(out);
        return out.toString();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
