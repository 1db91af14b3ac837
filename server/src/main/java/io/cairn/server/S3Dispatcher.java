package io.cairn.server;

import io.cairn.erasure.NotEnoughShardsException;
import io.cairn.meta.NotInMemoryException;
import io.cairn.server.storage.DrivesUnavailableException;

import io.cairn.auth.AuthContext;
import io.cairn.auth.AuthException;
import io.cairn.auth.RequestAuthenticator;
import io.cairn.server.handlers.AdminHandler;
import io.cairn.server.handlers.InMemoryHandler;
import io.cairn.server.handlers.OperationHandler;
import io.cairn.server.http.Exchange;
import io.cairn.server.http.S3Request;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.cairn.server.s3.S3Operation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * Takes each request off the event loop onto a worker: resolve addressing and operation, authenticate,
 * run the handler, and turn any failure into S3 error XML (a bug becomes InternalError, never a stack trace).
 * A GET or HEAD whose handler can answer from memory ({@link InMemoryHandler}) is tried on the event loop first;
 * when memory is not enough, the worker takes the parsed (and authenticated) request on from there.
 */
final class S3Dispatcher implements Consumer<Exchange> {
    private static final System.Logger LOG = System.getLogger(S3Dispatcher.class.getName());

    private final ExecutorService workers;
    private final RequestAuthenticator authenticator;
    private final Map<S3Operation, OperationHandler> handlers;
    private final AdminHandler admin;
    private final List<String> domains;

    S3Dispatcher(ExecutorService workers, RequestAuthenticator authenticator,
                 Map<S3Operation, OperationHandler> handlers, AdminHandler admin, List<String> domains) {
        this.workers = workers;
        this.authenticator = authenticator;
        this.handlers = handlers;
        this.admin = admin;
        this.domains = domains;
    }

    @Override
    public void accept(Exchange exchange) {
        S3Request parsed = isRead(exchange) ? tryInMemory(exchange) : null;
        if (exchange.response().started()) {
            return;
        }
        try {
            workers.execute(() -> process(exchange, parsed));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            S3Request.sendError(exchange, null, new S3Exception(S3Error.SLOW_DOWN));
        }
    }

    private static boolean isRead(Exchange exchange) {
        String method = exchange.request().method().name();
        return method.equals("GET") || method.equals("HEAD");
    }

    /**
     * Event loop: answers the request if its handler can from memory; failures are answered here too. Otherwise
     * returns the parsed request, authenticated when its handler is to run next on the worker (null only when
     * parsing failed and was answered).
     */
    private S3Request tryInMemory(Exchange exchange) {
        S3Request request = null;
        try {
            request = S3Request.parse(exchange, domains);
            if (request.isAdmin() || !(handlers.get(request.operation()) instanceof InMemoryHandler handler)) {
                return request;
            }
            authenticate(request);
            handler.answerInMemory(request);
            return request;
        } catch (NotInMemoryException e) {
            return request;
        } catch (Throwable t) {
            fail(exchange, request, t);
            return null;
        }
    }

    /**
     * Worker: the request from where the event loop left it: parsed or not, authenticated or not (an admin request
     * that needs no signature is never authenticated).
     */
    private void process(Exchange exchange, S3Request parsed) {
        S3Request request = parsed;
        try {
            if (request == null) {
                request = S3Request.parse(exchange, domains);
            }
            if (request.auth() == null) {
                if (request.isAdmin()) {
                    if (AdminHandler.requiresSignature(request)) {
                        authenticate(request);
                    }
                    admin.handle(request);
                    return;
                }
                authenticate(request);
            }
            OperationHandler handler = handlers.get(request.operation());
            if (handler == null) {
                throw request.operation() == S3Operation.Unknown
                        ? new S3Exception(S3Error.METHOD_NOT_ALLOWED)
                        : new S3Exception(S3Error.NOT_IMPLEMENTED,
                        request.operation() + " is not implemented by this server yet.");
            }
            handler.handle(request);
        } catch (Throwable t) {
            fail(exchange, request, t);
        } finally {
            if (!exchange.response().started()) {
                LOG.log(System.Logger.Level.ERROR, "request {0} ended without a response", exchange.requestId());
                fail(exchange, request, new S3Exception(S3Error.INTERNAL_ERROR));
            }
        }
    }

    private void authenticate(S3Request request) throws AuthException {
        AuthContext auth = authenticator.authenticate(request.signable());
        if (auth.isAnonymous()) {
            throw new S3Exception(S3Error.ACCESS_DENIED);
        }
        request.auth(auth);
    }

    /** The one place a failed request is answered: S3 and auth errors as they are, anything else as 503 or 500. */
    private static void fail(Exchange exchange, S3Request request, Throwable t) {
        if (t instanceof S3Exception e) {
            fail(exchange, request, e);
        } else if (t instanceof AuthException e) {
            fail(exchange, request, S3Exception.from(e));
        } else if (drivesUnavailable(t) instanceof Throwable drives) {
            // Too few drives: an operational state, not a bug; clients retry a 503.
            LOG.log(System.Logger.Level.WARNING, "request {0} failed: {1}", exchange.requestId(),
                    drives.getMessage());
            fail(exchange, request, new S3Exception(S3Error.SLOW_DOWN, "Not enough drives are available to serve "
                    + "this request. Please try again later."));
        } else {
            LOG.log(System.Logger.Level.ERROR, "request " + exchange.requestId() + " failed", t);
            fail(exchange, request, new S3Exception(S3Error.INTERNAL_ERROR));
        }
    }

    /** The cause saying that too few drives (or intact shards) were usable, if that is what failed. */
    private static Throwable drivesUnavailable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DrivesUnavailableException || c instanceof NotEnoughShardsException) {
                return c;
            }
        }
        return null;
    }

    private static void fail(Exchange exchange, S3Request request, S3Exception e) {
        if (exchange.response().started()) {
            // Headers are out: the only honest signal left is to cut the connection.
            exchange.response().closeAfterResponse();
            return;
        }
        S3Request.sendError(exchange, request, e);
    }
}
