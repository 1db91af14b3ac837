package io.cairn.server.handlers;

import io.cairn.server.http.S3Request;
import io.cairn.server.metrics.RequestMetrics;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;

/**
 * The request-metrics admin API (JSON, root signature required): {@code GET metrics} tells whether answered requests
 * are being recorded, {@code POST metrics?recording=off|on} pauses or resumes recording. Paused, the series keep
 * their values and the endpoint still answers scrapes.
 */
final class MetricsAdmin {
    static final String PATH = "metrics";

    private final RequestMetrics requests;

    /** @param requests the request meters, or null when metrics are off */
    MetricsAdmin(RequestMetrics requests) {
        this.requests = requests;
    }

    String handle(S3Request req) {
        if (requests == null) {
            throw new S3Exception(S3Error.INVALID_REQUEST, "Metrics are off (CAIRN_METRICS=off).");
        }
        if ("POST".equals(req.method())) {
            requests.pause(!recording(req.param("recording")));
        } else if (!"GET".equals(req.method())) {
            throw new S3Exception(S3Error.METHOD_NOT_ALLOWED);
        }
        return "{\"recording\":" + !requests.paused() + "}";
    }

    private static boolean recording(String value) {
        if ("on".equals(value)) {
            return true;
        }
        if ("off".equals(value)) {
            return false;
        }
        throw new S3Exception(S3Error.INVALID_ARGUMENT, "recording must be on or off.");
    }
}
