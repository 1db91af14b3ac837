package io.cairn.bench.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.timeout.IdleStateHandler;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The transport: a few event-loop threads (epoll where available, as the server) carrying many connections.
 * Nothing here knows S3; requests are plain Netty {@code FullHttpRequest}s.
 */
public final class HttpClient implements AutoCloseable {
    /** Large reads per chunk: the body of a big GET is only counted, so fewer, larger chunks cost less. */
    private static final int MAX_CHUNK = 256 * 1024;

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final boolean epoll;

    public HttpClient(InetSocketAddress server, int threads) {
        epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(threads, io);
        // The server's headers are read, not trusted for anything but a status and a length: validating each
        // name and value costs more than the rest of parsing a small response.
        HttpDecoderConfig decoder = new HttpDecoderConfig().setMaxChunkSize(MAX_CHUNK)
                .setMaxHeaderSize(64 * 1024)
                .setHeadersFactory(DefaultHttpHeadersFactory.headersFactory().withValidation(false))
                .setTrailersFactory(DefaultHttpHeadersFactory.trailersFactory().withValidation(false));
        bootstrap = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .remoteAddress(server)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline()
                                .addLast(new IdleStateHandler(Connection.RESPONSE_TIMEOUT.toSeconds(), 0, 0,
                                        TimeUnit.SECONDS))
                                .addLast(new HttpClientCodec(decoder, false, false))
                                .addLast(new ResponseHandler());
                    }
                });
    }

    /** {@code count} connections spread round-robin over the event loops; each connects on first use. */
    public List<Connection> connections(int count) {
        List<Connection> connections = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            connections.add(new Connection(bootstrap, group.next()));
        }
        return connections;
    }

    public boolean epoll() {
        return epoll;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
