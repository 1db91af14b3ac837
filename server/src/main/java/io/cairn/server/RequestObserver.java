package io.cairn.server;

import io.cairn.server.http.Exchange;
import io.cairn.server.http.ExchangeListener;
import io.cairn.server.http.S3Request;
import io.cairn.server.metrics.RequestMetrics;
import io.cairn.server.s3.S3Operation;

/**
 * Turns each answered request into its meters. Requests to {@code /_cairn/} (health probes, scrapes, the admin API)
 * are not S3 operations and are left out of the S3 meters, so a scrape does not move what it measures.
 */
final class RequestObserver implements ExchangeListener {
    private final RequestMetrics metrics;

    /** @param metrics the request meters, or null when metrics are off */
    RequestObserver(RequestMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void started(Exchange exchange) {
        if (metrics != null) {
            metrics.started();
        }
    }

    @Override
    public void completed(Exchange exchange) {
        if (metrics == null) {
            return;
        }
        metrics.finished();
        S3Request request = exchange.parsed();
        if (request != null && request.isAdmin()) {
            return;
        }
        // A request that could not be parsed (bad URI) still counts, as Unknown.
        S3Operation op = request == null ? S3Operation.Unknown : request.operation();
        metrics.record(op, exchange.status(), System.nanoTime() - exchange.startNanos(), exchange.bytesIn(),
                exchange.bytesOut(), exchange.errorCode());
    }
}
