package io.cairn.server;

import io.cairn.server.http.Exchange;
import io.cairn.server.http.ExchangeListener;
import io.cairn.server.http.S3Request;
import io.cairn.server.logs.JsonLinesLog;
import io.cairn.server.logs.Operations;
import io.cairn.server.logs.RequestEntry;
import io.cairn.server.metrics.RequestMetrics;
import io.cairn.server.s3.S3Operation;

/**
 * Turns each answered request into its meters and its access and audit log lines. Requests to {@code /_cairn/}
 * (health probes, scrapes, the admin API) are not S3 operations and stay out of the S3 meters, so a scrape does not
 * move what it measures.
 */
final class RequestObserver implements ExchangeListener {
    private final RequestMetrics metrics;
    private final JsonLinesLog<RequestEntry> access;
    private final JsonLinesLog<RequestEntry> audit;

    /** Each may be null: that meter or log is off. */
    RequestObserver(RequestMetrics metrics, JsonLinesLog<RequestEntry> access, JsonLinesLog<RequestEntry> audit) {
        this.metrics = metrics;
        this.access = access;
        this.audit = audit;
    }

    @Override
    public void started(Exchange exchange) {
        if (metrics != null) {
            metrics.started();
        }
    }

    @Override
    public void completed(Exchange exchange) {
        long nanos = System.nanoTime() - exchange.startNanos();
        S3Request request = exchange.parsed();
        if (metrics != null) {
            metrics.finished();
            if (request == null || !request.isAdmin()) {
                // A request that could not be parsed (bad URI) still counts, as Unknown.
                S3Operation op = request == null ? S3Operation.Unknown : request.operation();
                metrics.record(op, exchange.status(), nanos, exchange.bytesIn(), exchange.bytesOut(),
                        exchange.errorCode());
            }
        }
        boolean toAccess = access != null && !Operations.routine(request, exchange.status());
        boolean toAudit = audit != null && Operations.audited(request);
        if (toAccess || toAudit) {
            RequestEntry entry = RequestEntry.of(exchange, nanos, toAudit);
            if (toAccess) {
                access.log(entry);
            }
            if (toAudit) {
                audit.log(entry);
            }
        }
    }
}
