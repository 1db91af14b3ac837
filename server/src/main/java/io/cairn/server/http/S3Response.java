package io.cairn.server.http;

import io.cairn.server.s3.S3Time;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;

import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes one response, from the worker thread. Every response carries the request id; exactly one
 * response is written per exchange.
 */
public final class S3Response {
    // Ready-encoded ASCII: the response encoder copies these instead of converting each character.
    private static final AsciiString REQUEST_ID = AsciiString.cached("x-amz-request-id");
    private static final AsciiString ID_2 = AsciiString.cached("x-amz-id-2");
    private static final AsciiString SERVER_NAME = AsciiString.cached("Cairn");

    private final ChannelHandlerContext ctx;
    private final Exchange exchange;
    private final S3ChannelHandler owner;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closeAfter;
    private volatile int status;
    private volatile long bytesOut;

    S3Response(ChannelHandlerContext ctx, Exchange exchange, S3ChannelHandler owner) {
        this.ctx = ctx;
        this.exchange = exchange;
        this.owner = owner;
    }

    public boolean started() {
        return started.get();
    }

    int status() {
        return status;
    }

    long bytesOut() {
        return bytesOut;
    }

    /** Close the connection after this response (e.g. the rest of the body cannot be trusted). */
    public void closeAfterResponse() {
        closeAfter = true;
    }

    /** A response head with the common headers set; fill in the rest and pass it to a send method. */
    public HttpResponse head(int status) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status));
        HttpHeaders h = r.headers();
        h.set(REQUEST_ID, exchange.requestId());
        h.set(ID_2, exchange.requestId());
        h.set(HttpHeaderNames.SERVER, SERVER_NAME);
        h.set(HttpHeaderNames.DATE, S3Time.httpNow());
        return r;
    }

    /** Sends a head and a complete in-memory body (or none when {@code body} is null). */
    public void send(HttpResponse head, byte[] body) {
        begin();
        ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        if (!head.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
            head.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        }
        bytesOut = content.readableBytes();
        writeAll(prepare(full(head, content)));
    }

    /** Sends a head whose Content-Length describes a body that is not sent (HEAD, 304). */
    public void sendHeadOnly(HttpResponse head) {
        begin();
        writeAll(prepare(full(head, Unpooled.EMPTY_BUFFER)));
    }

    /**
     * One message for head and body: the encoder then writes a small body into the same buffer as the head,
     * one write instead of three. The head's headers are taken over, not copied.
     */
    private static FullHttpResponse full(HttpResponse head, ByteBuf content) {
        return new DefaultFullHttpResponse(head.protocolVersion(), head.status(), content, head.headers(),
                EmptyHttpHeaders.INSTANCE);
    }

    /** Sends a slice of a file with zero-copy where the transport allows; the channel is closed when done. */
    public void sendFile(HttpResponse head, FileChannel file, long position, long count) {
        begin();
        bytesOut = count;
        if (count > 0) {
            writeAll(prepare(head), new DefaultFileRegion(file, position, count), LastHttpContent.EMPTY_LAST_CONTENT);
        } else {
            closeQuietly(file);
            writeAll(prepare(head), LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    /**
     * Sends a body made of several pieces in order: {@link io.netty.buffer.ByteBuf}s and
     * {@link FileRegion}s (multipart objects: one region per part, each opened lazily).
     */
    public void sendPieces(HttpResponse head, java.util.List<?> pieces) {
        begin();
        Object[] all = new Object[pieces.size() + 2];
        all[0] = prepare(head);
        long total = 0;
        for (int i = 0; i < pieces.size(); i++) {
            Object piece = pieces.get(i);
            all[i + 1] = piece;
            total += size(piece);
        }
        bytesOut = total;
        all[all.length - 1] = LastHttpContent.EMPTY_LAST_CONTENT;
        writeAll(all);
    }

    /**
     * Sends a body produced piece by piece on this (worker) thread, e.g. decrypted content: at most
     * {@link #CHUNKS_IN_FLIGHT} pieces wait in the channel, so a slow client slows the producer and memory stays
     * bounded whatever the body's size. If producing fails after the head is out, the connection is cut (the only
     * honest signal left) and the failure is rethrown.
     */
    public void sendChunks(HttpResponse head, BodyChunks chunks) throws java.io.IOException {
        begin();
        // Corked (see cork): pieces end in partial segments; +3-10% for 64 MiB GETs of erasure-coded data.
        ctx.executor().execute(() -> cork(ctx.channel(), true));
        ctx.write(prepare(head));
        java.util.ArrayDeque<ChannelFuture> inFlight = new java.util.ArrayDeque<>();
        try (chunks) {
            Object piece;
            while ((piece = chunks.next()) != null) {
                bytesOut += size(piece);
                inFlight.add(piece instanceof java.util.List<?> list ? writeTogether(list) : ctx.writeAndFlush(piece));
                if (inFlight.size() >= CHUNKS_IN_FLIGHT) {
                    ChannelFuture oldest = inFlight.poll();
                    if (!oldest.awaitUninterruptibly().isSuccess()) {
                        throw new java.io.IOException("connection lost while sending", oldest.cause());
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            closeAfter = true;
            finish(ctx.close());
            throw e;
        }
        ChannelFuture last = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        last.addListener(f -> cork(ctx.channel(), false));
        finish(last);
    }

    private static final int CHUNKS_IN_FLIGHT = 8;

    /** The bytes of a piece: a ByteBuf, a FileRegion, or a list of them. */
    private static long size(Object piece) {
        if (piece instanceof java.util.List<?> list) {
            long n = 0;
            for (Object p : list) {
                n += size(p);
            }
            return n;
        }
        return piece instanceof FileRegion f ? f.count() : ((ByteBuf) piece).readableBytes();
    }

    /** Writes several messages in one task on the event loop, flushed once; the future is the last write's. */
    private ChannelFuture writeTogether(java.util.List<?> messages) {
        ChannelPromise done = ctx.newPromise();
        ctx.executor().execute(() -> {
            for (int i = 0; i < messages.size() - 1; i++) {
                ctx.write(messages.get(i), ctx.voidPromise());
            }
            ctx.writeAndFlush(messages.getLast(), done);
        });
        return done;
    }

    /** Sends a byte slice (inline objects). */
    public void sendBytes(HttpResponse head, byte[] data, int offset, int length) {
        begin();
        bytesOut = length;
        writeAll(prepare(full(head, length > 0 ? Unpooled.wrappedBuffer(data, offset, length) : Unpooled.EMPTY_BUFFER)));
    }

    private void begin() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("response already sent");
        }
    }

    private HttpResponse prepare(HttpResponse r) {
        status = r.status().code();
        boolean close = closeAfter || !exchange.keepAlive();
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            closeAfter = true;
        } else if (exchange.request().protocolVersion().equals(HttpVersion.HTTP_1_0)) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return r;
    }

    /**
     * Writes the messages and flushes, in one task on the event loop: written from the worker one by one,
     * each message would be a task of its own and a wake-up of the loop. Also from the loop itself (responses
     * answered from memory): its tasks run once it has read every ready connection, so those responses leave
     * in one burst and the client, woken by the first, reads the rest in the same pass. Written at once, every
     * response woke the client on its own: 4 KiB GETs cost a quarter more of the server's core.
     */
    private void writeAll(Object... messages) {
        ctx.executor().execute(() -> writeNow(messages));
    }

    private void writeNow(Object[] messages) {
        boolean cork = false;
        for (Object m : messages) {
            cork |= m instanceof FileRegion;
        }
        if (cork) {
            cork(ctx.channel(), true);
        }
        for (int i = 0; i < messages.length - 1; i++) {
            ctx.write(messages[i], ctx.voidPromise());
        }
        ChannelFuture last = ctx.writeAndFlush(messages[messages.length - 1]);
        if (cork) {
            last.addListener(f -> cork(ctx.channel(), false));
        }
        finish(last);
    }

    /**
     * TCP_CORK around a body of file regions or streamed pieces (what nginx's {@code tcp_nopush} does): the kernel
     * then sends only full segments until the cork is pulled when the response is written. Without it the head
     * went alone in a small segment ahead of the {@code sendfile} data, and receiving cost the client far more:
     * 1 MiB GETs through wrk at 64 connections went from 1.93 to 2.64-2.73 GB/s (nginx on the same machine:
     * 2.83-3.11), 64 MiB GETs through the bench tool from 3.1-3.5 to 4.5-4.9 GB/s. Small responses, written in one
     * buffer, are not corked: two more system calls would cost them more than they gain.
     */
    private static void cork(Channel channel, boolean on) {
        if (channel instanceof EpollSocketChannel epoll && epoll.isOpen()) {
            try {
                epoll.config().setTcpCork(on);
            } catch (ChannelException e) {
                // The connection is going away: there is nothing left to hold back or to send.
            }
        }
    }

    /** When the last write is done, the connection handler may read the next request (or close). */
    private void finish(ChannelFuture last) {
        last.addListener((ChannelFutureListener) f -> {
            owner.completed(exchange);
            owner.responseDone(exchange, closeAfter || !f.isSuccess());
        });
    }

    private static void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (java.io.IOException ignored) {
            // read-only channel: nothing to lose
        }
    }
}
