package io.cairn.server.metrics;

import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * {@code GET /_cairn/metrics}: the Prometheus scrape. Open when no token is configured (for a scraper on a trusted
 * network); with a token, only {@code Authorization: Bearer <token>} gets in: no or another kind of credentials is 401
 * with a {@code WWW-Authenticate} challenge, a wrong token 403.
 */
public final class MetricsEndpoint {
    public static final String PATH = "/_cairn/metrics";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String BEARER = "Bearer ";

    private final CairnMetrics metrics;
    private final byte[] tokenHash;

    /**
     * @param metrics the registry to scrape, or null when metrics are off (the endpoint then answers 404)
     * @param token   the bearer token scrapers must present, or null for open access
     */
    public MetricsEndpoint(CairnMetrics metrics, String token) {
        this.metrics = metrics;
        this.tokenHash = token == null ? null : sha256(token);
    }

    public void handle(S3Request req) {
        if (metrics == null) {
            throw new S3Exception(S3Error.NO_SUCH_KEY, "Metrics are off (CAIRN_METRICS=off).");
        }
        authorize(req.header(HttpHeaderNames.AUTHORIZATION));
        boolean head = "HEAD".equals(req.method());
        if (!head && !"GET".equals(req.method())) {
            throw new S3Exception(S3Error.METHOD_NOT_ALLOWED);
        }
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        HttpResponse r = req.head(200);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (head) {
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            req.response().sendHeadOnly(r);
        } else {
            req.response().send(r, body);
        }
    }

    private void authorize(String authorization) {
        if (tokenHash == null) {
            return;
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new S3Exception("Unauthorized", 401, "The metrics endpoint needs Authorization: Bearer <token>.")
                    .header(HttpHeaderNames.WWW_AUTHENTICATE.toString(), "Bearer realm=\"cairn-metrics\"");
        }
        // Hashes compare in constant time whatever the lengths, so the answer's timing tells nothing of the token.
        if (!MessageDigest.isEqual(tokenHash, sha256(authorization.substring(BEARER.length()).strip()))) {
            throw new S3Exception(S3Error.ACCESS_DENIED, "The metrics token is not valid.");
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
