package io.cairn.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * One request on a connection: its head, its body stream and its response, and what monitoring needs to know of
 * it once answered (start time, the parsed request, status, error code, bytes).
 */
public final class Exchange {
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final BodyStream body;
    private final String requestId;
    private final boolean keepAlive;
    private final S3Response response;
    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();
    // Written by the worker, read on the event loop after the response's last write: the hand-over of that write
    // to the event loop orders them, volatile keeps that true for writes racing a failed connection.
    private volatile S3Request parsed;
    private volatile String errorCode;
    private volatile java.util.List<String> auditTargets;

    Exchange(ChannelHandlerContext ctx, HttpRequest request, BodyStream body, String requestId,
             S3ChannelHandler owner) {
        this.ctx = ctx;
        this.request = request;
        this.body = body;
        this.requestId = requestId;
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.response = new S3Response(ctx, this, owner);
    }

    public HttpRequest request() {
        return request;
    }

    public BodyStream body() {
        return body;
    }

    public String requestId() {
        return requestId;
    }

    public S3Response response() {
        return response;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    ChannelHandlerContext ctx() {
        return ctx;
    }

    public String remoteAddress() {
        return String.valueOf(ctx.channel().remoteAddress());
    }

    /** The client's address as {@code ip:port}, or null when the channel has none. */
    public String clientAddress() {
        return ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress a && a.getAddress() != null
                ? (a.getAddress() instanceof java.net.Inet6Address ? "[" + a.getAddress().getHostAddress() + "]"
                : a.getAddress().getHostAddress()) + ":" + a.getPort()
                : null;
    }

    /** {@link System#nanoTime()} when the request head arrived. */
    public long startNanos() {
        return startNanos;
    }

    /** Wall-clock time (epoch milliseconds) when the request head arrived. */
    public long startMillis() {
        return startMillis;
    }

    /** The request as the S3 layer parsed it, or null when it could not be parsed (e.g. InvalidURI). */
    public S3Request parsed() {
        return parsed;
    }

    void parsed(S3Request request) {
        this.parsed = request;
    }

    /** The S3 error code the response carried (status 400 and above), or null. */
    public String errorCode() {
        return errorCode;
    }

    void errorCode(String code) {
        this.errorCode = code;
    }

    /** What a multi-object operation acted on beyond its path (DeleteObjects' keys), for the audit log; or null. */
    public java.util.List<String> auditTargets() {
        return auditTargets;
    }

    void auditTargets(java.util.List<String> targets) {
        this.auditTargets = targets;
    }

    /** The HTTP status sent, 0 before the response started. */
    public int status() {
        return response.status();
    }

    /** Body bytes received from the client so far (after HTTP chunked decoding; aws-chunked framing included). */
    public long bytesIn() {
        return body.received();
    }

    /** Body bytes of the response (the head not included). */
    public long bytesOut() {
        return response.bytesOut();
    }
}
