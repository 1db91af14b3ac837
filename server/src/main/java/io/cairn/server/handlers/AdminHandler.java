package io.cairn.server.handlers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.server.ServerContext;
import io.cairn.server.health.Readiness;
import io.cairn.server.http.S3Request;
import io.cairn.server.metrics.CairnMetrics;
import io.cairn.server.metrics.MetricsEndpoint;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.storage.Storage;
import io.cairn.tiering.lifecycle.LifecycleScanner;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Endpoints under {@code /_cairn/}, a path no bucket can have. Health needs no credentials: load balancers and
 * Kubernetes probes call it. Metrics take a bearer token or none, as configured ({@link MetricsEndpoint}). Everything under {@code /_cairn/admin/} needs a valid root signature (checked by
 * the dispatcher, see {@link #requiresSignature}).
 */
public final class AdminHandler {
    private static final String ADMIN = "/_cairn/admin/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Readiness readiness;
    private final SseAdmin sse;
    private final TransitionAdmin transitions;
    private final TierAdmin tiers;
    private final ServerInfoAdmin info;
    private final LifecycleAdmin lifecycle;
    private final MetricsEndpoint metrics;
    private final HealAdmin heal;
    private final MetricsAdmin recording;

    /** Health endpoints only (while the server starts). */
    public AdminHandler(Readiness readiness) {
        this(readiness, null, null, null, null, null);
    }

    /** @param metrics the registry, or null when metrics are off (the scrape endpoint then answers 404) */
    public AdminHandler(Readiness readiness, ServerContext ctx, LifecycleScanner scanner, CairnMetrics metrics,
                        String metricsToken, Storage storage) {
        this.readiness = readiness;
        this.metrics = ctx == null ? null : new MetricsEndpoint(metrics, metricsToken);
        this.recording = ctx == null ? null : new MetricsAdmin(metrics == null ? null : metrics.requests());
        this.heal = storage == null ? null : new HealAdmin(storage);
        this.sse = ctx == null ? null : new SseAdmin(ctx);
        this.transitions = ctx == null ? null : new TransitionAdmin(ctx);
        this.tiers = ctx == null ? null : new TierAdmin(ctx);
        this.info = ctx == null ? null : new ServerInfoAdmin(ctx, storage);
        this.lifecycle = scanner == null ? null : new LifecycleAdmin(scanner);
    }

    public static boolean requiresSignature(S3Request req) {
        return req.rawPath().startsWith(ADMIN);
    }

    public void handle(S3Request req) {
        if (sse != null && requiresSignature(req)) {
            String path = req.rawPath().substring(ADMIN.length());
            if (ServerInfoAdmin.handles(path)) {
                json(req, 200, info.handle(req.method(), path, req));
            } else if (TierAdmin.handles(path)) {
                TierAdmin.Answer a = tiers.handle(req.method(), path, req);
                json(req, a.status(), a.json());
            } else if (path.equals(MetricsAdmin.PATH)) {
                json(req, 200, recording.handle(req));
            } else if (path.equals(HealAdmin.PATH) && heal != null) {
                json(req, 200, heal.handle(req));
            } else if (path.startsWith(LifecycleAdmin.PREFIX) && lifecycle != null) {
                json(req, 200, lifecycle.handle(req.method(), path));
            } else {
                json(req, 200, path.equals("transition") ? transitions.handle(req.method(), req)
                        : sse.handle(req.method(), path, req));
            }
            return;
        }
        switch (req.rawPath()) {
            case "/_cairn/health/live" -> json(req, 200, "{\"status\":\"ok\"}");
            case "/_cairn/health/ready" -> ready(req);
            case MetricsEndpoint.PATH -> {
                if (metrics == null) {
                    throw new S3Exception(S3Error.NO_SUCH_KEY, "No such admin endpoint.");
                }
                metrics.handle(req);
            }
            default -> throw new S3Exception(S3Error.NO_SUCH_KEY, "No such admin endpoint.");
        }
    }

    /** 200, or 503 naming the failing check and why, so an operator reading a probe log knows where to look. */
    private void ready(S3Request req) {
        Readiness.Status s = readiness.status();
        if (s.ready()) {
            json(req, 200, "{\"status\":\"ready\"}");
            return;
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("status", "unavailable");
        body.put("check", s.check());
        body.put("reason", s.reason());
        try {
            json(req, 503, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void json(S3Request req, int status, String body) {
        HttpResponse r = req.head(status);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if ("HEAD".equals(req.method())) {
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            req.response().sendHeadOnly(r);
        } else {
            req.response().send(r, bytes);
        }
    }
}
