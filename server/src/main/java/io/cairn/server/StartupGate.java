package io.cairn.server;

import io.cairn.server.handlers.AdminHandler;
import io.cairn.server.health.Readiness;
import io.cairn.server.http.Exchange;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;

import java.util.List;
import java.util.function.Consumer;

/**
 * What the port answers before the stores are open. The port is bound first so liveness holds through a long
 * start-up (the usage count walks every version) instead of a probe killing the process; until {@link #open},
 * health endpoints answer (ready: 503) and everything else is 503 ServiceUnavailable, which SDKs retry.
 */
final class StartupGate implements Consumer<Exchange> {
    private static final String HEALTH = "/_cairn/health/";

    private final AdminHandler health;
    private volatile Consumer<Exchange> dispatcher;

    StartupGate(Readiness readiness) {
        this.health = new AdminHandler(readiness);
    }

    /** From now on requests go to {@code target}. */
    void open(Consumer<Exchange> target) {
        dispatcher = target;
    }

    @Override
    public void accept(Exchange exchange) {
        Consumer<Exchange> target = dispatcher;
        if (target != null) {
            target.accept(exchange);
            return;
        }
        S3Request request = null;
        try {
            request = S3Request.parse(exchange, List.of());
            if (!request.rawPath().startsWith(HEALTH)) {
                throw new S3Exception(S3Error.SERVICE_UNAVAILABLE, "The server is starting.");
            }
            health.handle(request);
        } catch (S3Exception e) {
            S3Request.sendError(exchange, request, e);
        }
    }
}
