package io.cairn.bench.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * Completes the one outstanding request of a connection. Body bytes are counted and released as they arrive
 * (a 64 MiB GET never sits in memory); only bodies the caller wants, or error bodies, are copied out.
 * Runs on the connection's event loop only, so its fields need no synchronisation.
 */
final class ResponseHandler extends ChannelInboundHandlerAdapter {
    /** An error document is small; a huge error body is kept only up to here. */
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private CompletableFuture<Response> pending;
    private int keepBytes;
    private int keepLimit;
    private HttpResponse head;
    private long bodyBytes;
    private ByteArrayOutputStream body;
    private boolean closeAfter;

    /** Called on the event loop before the request is written. */
    void expect(CompletableFuture<Response> future, int keep) {
        if (pending != null) {
            future.completeExceptionally(new IllegalStateException("a request is already in flight"));
            return;
        }
        pending = future;
        keepBytes = keep;
        head = null;
        bodyBytes = 0;
        body = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
        try {
            if (msg instanceof HttpResponse response) {
                if (((HttpObject) msg).decoderResult().isFailure()) {
                    fail(ctx, new IOException("bad response: " + msg.getClass().getSimpleName() + " "
                            + ((HttpObject) msg).decoderResult().cause()));
                    return;
                }
                if (response.status().code() == 100) {
                    return;
                }
                head = response;
                closeAfter = !HttpUtil.isKeepAlive(response);
                keepLimit = response.status().code() >= 300 ? Math.max(keepBytes, MAX_ERROR_BODY) : keepBytes;
                if (keepLimit > 0) {
                    body = new ByteArrayOutputStream(Math.min(keepLimit, 64 * 1024));
                }
            }
            if (msg instanceof HttpContent content && head != null) {
                ByteBuf data = content.content();
                int n = data.readableBytes();
                bodyBytes += n;
                if (body != null && body.size() < keepLimit) {
                    data.getBytes(data.readerIndex(), body, Math.min(n, keepLimit - body.size()));
                }
                if (msg instanceof LastHttpContent) {
                    complete(ctx);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void complete(ChannelHandlerContext ctx) {
        CompletableFuture<Response> future = pending;
        Response response = new Response(head.status().code(), head.headers(), bodyBytes,
                body == null ? null : body.toByteArray());
        pending = null;
        head = null;
        body = null;
        if (closeAfter) {
            ctx.close();
        }
        if (future != null) {
            future.complete(response);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && pending != null) {
            fail(ctx, new IOException("no response for " + Connection.RESPONSE_TIMEOUT.toSeconds() + " s"));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, new IOException("connection closed by the server"));
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause instanceof IOException ? cause : new IOException(cause));
    }

    void fail(ChannelHandlerContext ctx, Throwable cause) {
        CompletableFuture<Response> future = pending;
        pending = null;
        head = null;
        body = null;
        ctx.close();
        if (future != null) {
            future.completeExceptionally(cause);
        }
    }
}
