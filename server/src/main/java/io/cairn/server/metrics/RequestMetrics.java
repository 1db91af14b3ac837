package io.cairn.server.metrics;

import io.cairn.server.s3.S3Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The per-request meters: requests by operation and status, latency by operation, body bytes received and sent by
 * operation, errors by code, requests in flight. Meters are resolved once per operation and per (operation, status)
 * and kept in arrays indexed by the operation's ordinal and the status code, so recording a request is a few array
 * loads and atomic adds: no tag arrays, no registry lookups. Only combinations that occur get meters (and series).
 */
public final class RequestMetrics {
    /**
     * Fixed latency buckets (Prometheus {@code le} bounds) from 1 ms to 60 s: a bounded number of series per
     * operation whatever the traffic, aggregatable across servers (percentiles computed in-process are not).
     */
    static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2).plusNanos(500_000), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private static final int FIRST_STATUS = 100;
    private static final int STATUSES = 500;

    private final MeterRegistry registry;
    private final AtomicReferenceArray<OperationMeters> operations =
            new AtomicReferenceArray<>(S3Operation.values().length);
    private final ConcurrentHashMap<String, Counter> errors = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean paused;

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("cairn.s3.requests.in.flight", inFlight, AtomicInteger::get)
                .description("Requests whose head has arrived and whose response is not written yet (all paths, "
                        + "a scrape counts itself)")
                .register(registry);
    }

    /** A request's head arrived. */
    public void started() {
        inFlight.incrementAndGet();
    }

    /** A request's response was written (or failed to be); every {@link #started()} has one of these. */
    public void finished() {
        inFlight.decrementAndGet();
    }

    /**
     * Records one answered S3 request.
     *
     * @param errorCode the S3 error code of a response with status 400 or above, else null
     */
    public void record(S3Operation operation, int status, long nanos, long bytesIn, long bytesOut, String errorCode) {
        if (paused) {
            return;
        }
        OperationMeters m = meters(operation);
        m.requests(status).increment();
        m.latency.record(nanos);
        if (bytesIn > 0) {
            m.received.increment(bytesIn);
        }
        if (bytesOut > 0) {
            m.sent.increment(bytesOut);
        }
        if (errorCode != null) {
            errors.computeIfAbsent(errorCode, code -> Counter.builder("cairn.s3.errors")
                    .description("Error responses by S3 error code")
                    .tag("code", code)
                    .register(registry)).increment();
        }
    }

    /**
     * Stops (or resumes) recording answered requests; the series keep their values and the in-flight gauge stays
     * exact. It lets the cost of recording be measured inside one running server (bench/metrics-cost.sh), where a
     * comparison of two fresh JVMs is dominated by how differently they happen to run.
     */
    public void pause(boolean pause) {
        paused = pause;
    }

    public boolean paused() {
        return paused;
    }

    /**
     * The latency histogram in the Prometheus text format, one series set per operation seen: kept outside the
     * registry (see {@link LatencyHistogram}) and appended to its scrape.
     */
    void renderLatency(StringBuilder out) {
        String name = "cairn_s3_request_duration_seconds";
        out.append("# HELP ").append(name).append(" Time from the request head's arrival to the response's last byte ")
                .append("handed to the socket, by S3 operation\n# TYPE ").append(name).append(" histogram\n");
        for (int i = 0; i < operations.length(); i++) {
            OperationMeters m = operations.get(i);
            if (m != null) {
                m.latency.render(out, name, "operation=\"" + m.operation + "\"");
            }
        }
    }

    private OperationMeters meters(S3Operation operation) {
        OperationMeters m = operations.get(operation.ordinal());
        if (m == null) {
            // Two threads may both build it: the registry hands both the same meters, so either result is right.
            m = new OperationMeters(operation);
            operations.set(operation.ordinal(), m);
        }
        return m;
    }

    /** The meters of one operation; the per-status counters are made on first use. */
    private final class OperationMeters {
        final String operation;
        final LatencyHistogram latency = new LatencyHistogram(LATENCY_BUCKETS);
        final Counter received;
        final Counter sent;
        final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(STATUSES);

        OperationMeters(S3Operation op) {
            operation = op.name();
            received = Counter.builder("cairn.s3.received")
                    .baseUnit("bytes")
                    .description("Request body bytes received, by S3 operation (aws-chunked framing included)")
                    .tag("operation", operation)
                    .register(registry);
            sent = Counter.builder("cairn.s3.sent")
                    .baseUnit("bytes")
                    .description("Response body bytes sent, by S3 operation (headers not included)")
                    .tag("operation", operation)
                    .register(registry);
        }

        Counter requests(int status) {
            int i = status - FIRST_STATUS;
            if (i < 0 || i >= STATUSES) {
                return counter(status);
            }
            Counter c = byStatus.get(i);
            if (c == null) {
                c = counter(status);
                byStatus.set(i, c);
            }
            return c;
        }

        private Counter counter(int status) {
            return Counter.builder("cairn.s3.requests")
                    .description("S3 requests answered, by operation and HTTP status")
                    .tag("operation", operation)
                    .tag("status", Integer.toString(status))
                    .register(registry);
        }
    }
}
