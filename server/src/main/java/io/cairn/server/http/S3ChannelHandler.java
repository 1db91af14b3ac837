package io.cairn.server.http;

import io.cairn.server.s3.ErrorXml;
import io.cairn.server.s3.S3Error;
import io.cairn.server.s3.S3Exception;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * One per connection, event loop only. Hands each request to a worker (the dispatcher) with its body as a
 * {@link BodyStream}, one request at a time; pipelined requests wait their turn. After a response, whatever
 * remains of an unread body is drained so the connection can be reused.
 */
public final class S3ChannelHandler extends ChannelInboundHandlerAdapter implements BodyStream.Source {
    private static final System.Logger LOG = System.getLogger(S3ChannelHandler.class.getName());

    /** User event: the server is shutting down; finish the current request, take no other. */
    static final Object DRAIN = new Object();

    private final Consumer<Exchange> dispatcher;
    private final ExchangeListener listener;
    private final long bodyTimeoutMillis;
    private final ArrayDeque<Object> pending = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private Exchange current;
    private boolean draining;
    /**
     * The client half-closed (sent FIN). Nothing more can arrive, and on epoll a read() after that fails
     * (epoll_ctl ENOENT) and would close the connection before the pending response is written.
     */
    private boolean inputShutdown;
    private boolean stopping;

    public S3ChannelHandler(Consumer<Exchange> dispatcher, ExchangeListener listener, long bodyTimeoutMillis) {
        this.dispatcher = dispatcher;
        this.listener = listener;
        this.bodyTimeoutMillis = bodyTimeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ctx.read();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        route(msg);
    }

    private void route(Object msg) {
        if (current == null) {
            start(msg);
        } else if (msg instanceof HttpContent content && !current.body().isComplete()) {
            if (content.decoderResult().isFailure()) {
                content.release();
                current.body().fail(new S3Exception(S3Error.INCOMPLETE_BODY,
                        "The request body could not be decoded."));
                current.response().closeAfterResponse();
                return;
            }
            boolean last = current.body().offer(content);
            if (draining) {
                if (last) {
                    draining = false;
                    endExchange();
                } else {
                    ctx.read();
                }
            }
        } else {
            pending.add(msg);
        }
    }

    private void start(Object msg) {
        if (!(msg instanceof HttpRequest request)) {
            // Content of a request already answered and given up on: drop it.
            ReferenceCountUtil.release(msg);
            ctx.read();
            return;
        }
        if (request.decoderResult().isFailure()) {
            ReferenceCountUtil.release(msg);
            rejectUndecodable(request.decoderResult().cause());
            return;
        }
        BodyStream body = new BodyStream(this, HttpUtil.is100ContinueExpected(request), bodyTimeoutMillis);
        current = new Exchange(ctx, request, body, RequestIds.next(), this);
        if (msg instanceof HttpContent content) {
            body.offer(content);
        }
        listener.started(current);
        dispatcher.accept(current);
    }

    /** Event loop: the exchange's response has been written (or the connection failed while writing it). */
    void completed(Exchange exchange) {
        try {
            listener.completed(exchange);
        } catch (RuntimeException e) {
            // Monitoring must never break the connection's request handling.
            LOG.log(System.Logger.Level.ERROR, "recording request " + exchange.requestId() + " failed", e);
        }
    }

    /** Event loop: the exchange's response has been written. */
    void responseDone(Exchange exchange, boolean close) {
        if (exchange != current) {
            return;
        }
        if (close) {
            ctx.close();
            return;
        }
        if (!exchange.body().isComplete()) {
            if (inputShutdown) {
                // The rest of the body will never come: the response is out, the connection is done.
                ctx.close();
                return;
            }
            if (exchange.body().continueWithheld()) {
                // The client waits for 100 Continue that will not come; its body bytes may still be
                // in flight, so the connection's framing cannot be trusted any more.
                ctx.close();
                return;
            }
            draining = true;
            exchange.body().discardRest();
            ctx.read();
            return;
        }
        endExchange();
    }

    private void endExchange() {
        current = null;
        if (stopping) {
            ctx.close();
            return;
        }
        while (!pending.isEmpty() && (current == null || !current.body().isComplete())) {
            route(pending.poll());
        }
        if (current == null) {
            if (inputShutdown) {
                ctx.close();
            } else {
                ctx.read();
            }
        }
    }

    private void rejectUndecodable(Throwable cause) {
        S3Exception e;
        if (cause instanceof TooLongHttpHeaderException) {
            e = new S3Exception(S3Error.REQUEST_HEADER_FIELDS_TOO_LARGE);
        } else if (cause instanceof TooLongFrameException) {
            e = new S3Exception(S3Error.INVALID_REQUEST, "The request line is too long.");
        } else {
            e = new S3Exception(S3Error.INVALID_REQUEST, "The HTTP request could not be parsed.");
        }
        String id = RequestIds.next();
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(e.status()),
                Unpooled.wrappedBuffer(ErrorXml.render(e, null, id)));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/xml");
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        r.headers().set("x-amz-request-id", id);
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == DRAIN) {
            stopping = true;
            if (current == null) {
                ctx.close();
            } else {
                current.response().closeAfterResponse();
            }
            return;
        }
        if (evt instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            if (draining) {
                // Already answered; the rest of its body will not come.
                ctx.close();
            } else if (current != null && !current.body().isComplete()) {
                current.body().fail(new S3Exception(S3Error.INCOMPLETE_BODY));
            } else if (current == null) {
                ctx.close();
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (current != null) {
            current.body().fail(new S3Exception(S3Error.INCOMPLETE_BODY));
            current.body().discardRest();
        }
        Object m;
        while ((m = pending.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Connection-level failures (resets, broken pipes) are the client's business; the request fails with it.
        ctx.close();
    }

    @Override
    public void requestRead() {
        ctx.channel().eventLoop().execute(() -> {
            if (!inputShutdown) {
                ctx.read();
            }
        });
    }

    @Override
    public void sendContinue() {
        ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
                Unpooled.EMPTY_BUFFER));
    }
}
