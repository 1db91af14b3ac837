package io.cairn.server.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/** One request on a connection: its head, its body stream and its response. */
public final class Exchange {
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final BodyStream body;
    private final String requestId;
    private final boolean keepAlive;
    private final S3Response response;

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
}
