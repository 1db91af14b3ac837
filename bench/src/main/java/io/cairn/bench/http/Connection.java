package io.cairn.bench.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One keep-alive HTTP/1.1 connection carrying one request at a time (no pipelining: the closed loop's unit).
 * Pinned to one event loop for its whole life; a connection the server closed is reopened on the next send.
 */
public final class Connection {
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(120);

    private final Bootstrap bootstrap;
    private final EventLoop loop;
    private Channel channel;

    Connection(Bootstrap bootstrap, EventLoop loop) {
        this.bootstrap = bootstrap;
        this.loop = loop;
    }

    public EventLoop eventLoop() {
        return loop;
    }

    /**
     * Sends a request and completes with its response; exceptionally on a transport failure (the connection is
     * then closed, and the next send reconnects). Takes ownership of the request (its body is released once
     * written). May be called from any thread; the work happens on this connection's event loop.
     *
     * @param keepBytes how much of a successful response's body to keep (0: none; error bodies are always kept)
     */
    public CompletableFuture<Response> send(HttpRequest request, int keepBytes) {
        CompletableFuture<Response> future = new CompletableFuture<>();
        if (loop.inEventLoop()) {
            sendOnLoop(request, keepBytes, future);
        } else {
            loop.execute(() -> sendOnLoop(request, keepBytes, future));
        }
        return future;
    }

    private void sendOnLoop(HttpRequest request, int keepBytes, CompletableFuture<Response> future) {
        if (channel != null && channel.isActive()) {
            write(channel, request, keepBytes, future);
            return;
        }
        ChannelFuture connect = bootstrap.clone(loop).connect();
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                ReferenceCountUtil.release(request);
                future.completeExceptionally(f.cause());
                return;
            }
            channel = connect.channel();
            write(channel, request, keepBytes, future);
        });
    }

    private static void write(Channel ch, HttpRequest request, int keepBytes,
                              CompletableFuture<Response> future) {
        ResponseHandler handler = ch.pipeline().get(ResponseHandler.class);
        handler.expect(future, keepBytes);
        if (future.isDone()) {
            ReferenceCountUtil.release(request);
            return;
        }
        ch.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                handler.fail(ch.pipeline().context(handler), f.cause());
            }
        });
    }

    /** Closes the socket; a later send reconnects. */
    public void close() {
        loop.execute(() -> {
            if (channel != null) {
                channel.close();
            }
        });
    }
}
