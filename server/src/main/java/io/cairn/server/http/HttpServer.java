package io.cairn.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The Netty side: epoll where available, HTTP/1.1 codec, auto-read off, one handler per connection. */
public final class HttpServer implements AutoCloseable {
    /** Presigned URLs are long; 16 KiB of request line is generous and still bounded. */
    private static final int MAX_INITIAL_LINE = 16 * 1024;
    private static final int MAX_HEADER_BLOCK = 16 * 1024;
    private static final int MAX_CHUNK = 64 * 1024;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    /** Open connections, so a shutdown can let them finish their request and then close them. */
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile boolean stopping;

    public HttpServer(InetSocketAddress address, Consumer<Exchange> dispatcher, ExchangeListener listener,
                      long bodyTimeoutMillis) throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        boss = new MultiThreadIoEventLoopGroup(1, io);
        workers = new MultiThreadIoEventLoopGroup(0, io);
        HttpDecoderConfig decoderConfig = new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE)
                .setMaxHeaderSize(MAX_HEADER_BLOCK)
                .setMaxChunkSize(MAX_CHUNK);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        if (stopping) {
                            // Accepted as the shutdown began, after the others were told to drain.
                            ch.close();
                            return;
                        }
                        ch.pipeline()
                                .addLast("http", new HttpServerCodec(decoderConfig))
                                .addLast("s3", new S3ChannelHandler(dispatcher, listener, bodyTimeoutMillis));
                    }
                });
        serverChannel = b.bind(address).sync().channel();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /**
     * Graceful stop: no new connections; idle ones close now, busy ones after their current response (which says
     * {@code Connection: close}); whatever is still open after {@code timeout} is cut, failing its request (an
     * upload cut this way is never committed).
     *
     * @return the number of connections cut at the timeout
     */
    public int shutdown(Duration timeout) {
        stopping = true;
        serverChannel.close().syncUninterruptibly();
        connections.forEach(c -> c.pipeline().fireUserEventTriggered(S3ChannelHandler.DRAIN));
        try {
            connections.newCloseFuture().await(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int left = connections.size();
        close();
        return left;
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
