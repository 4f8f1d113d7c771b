package io.sphaera.service.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

/**
 * The security service's HTTPS listener: TLS 1.3, HTTP/1.1 with keep-alive, JSON. Each connection has limits on
 * its request line, headers and body, and a deadline per request (and for answers it leaves unread: see
 * {@link RequestDeadline}); one connection's failure never touches another.
 * It runs on the event loops it is given (a real-time group in a service process; the emulator may share its own).
 */
public final class ServiceServer implements AutoCloseable {
    /** An app image package is at most 1 MiB; the rest is room for headers of the JSON around it. */
    public static final int MAX_BODY = 1024 * 1024 + 64 * 1024;
    public static final Duration REQUEST_DEADLINE = Duration.ofSeconds(30);
    public static final int MAX_REQUEST_LINE = 4096;
    public static final int MAX_HEADERS = 8192;
    /**
     * Requests a connection may have unanswered before it is dropped. Reading stops well before this (see
     * {@link AnswersInFlight}); the cap is for what one burst of reads can hold beyond that point.
     */
    public static final int MAX_PIPELINE_DEPTH = 1024;
    /**
     * A connection's answers buffered beyond what the socket takes: over the high mark it is not read from (see
     * {@link AnswersInFlight}), below the low mark it is again. The high mark holds a pipelined burst of the usual JSON
     * answers (an attestation's is about 3 KiB) up to the point where reading pauses for unanswered requests anyway.
     */
    public static final WriteBufferWaterMark WRITE_BUFFER = new WriteBufferWaterMark(32 * 1024, 128 * 1024);

    private final Channel channel;

    private ServiceServer(Channel channel) {
        this.channel = channel;
    }

    public static ServiceServer start(InetSocketAddress address, SslContext tls, Map<String, Route> routes, EventLoopGroup boss,
                                      EventLoopGroup workers, Duration deadline) throws InterruptedException {
        return start(address, tls, routes, null, boss, workers, deadline);
    }

    /** With {@code devices} judging the client certificates devices present after attestation. */
    public static ServiceServer start(InetSocketAddress address, SslContext tls, Map<String, Route> routes, DeviceClientTrust devices,
                                      EventLoopGroup boss, EventLoopGroup workers, Duration deadline) throws InterruptedException {
        ServiceHandler handler = new ServiceHandler(routes, devices);
        Channel channel = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WRITE_BUFFER)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        SslHandler handshake = tls.newHandler(ch.alloc());
                        handshake.setHandshakeTimeoutMillis(deadline.toMillis());
                        ch.pipeline()
                                .addLast("tls", handshake)
                                // Answers to pipelined requests, and answers completed together by one commit, go
                                // out in one TLS record and one write instead of one each.
                                .addLast("flush", new FlushConsolidationHandler(64, true))
                                .addLast("http", new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(MAX_REQUEST_LINE)
                                        .setMaxHeaderSize(MAX_HEADERS).setMaxChunkSize(64 * 1024), MAX_PIPELINE_DEPTH))
                                .addLast("keep-alive", new HttpServerKeepAliveHandler())
                                .addLast("aggregate", new RequestAggregator(MAX_BODY))
                                .addLast("deadline", new RequestDeadline(deadline))
                                .addLast("service", handler);
                    }
                })
                .bind(address).sync().channel();
        return new ServiceServer(channel);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    /** The route table key for a method and path. */
    public static String route(String method, String path) {
        return ServiceHandler.key(method, path);
    }

    /** A route table entry whose answer comes later (see {@link DeferredRoute}). */
    public static Route deferred(DeferredRoute route) {
        return ServiceHandler.deferred(route);
    }
}
