package io.sphaera.emulator.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * One TLS connection from a device to the security service, for the few requests of one check: the device
 * connects, asks, and closes (DESIGN.md: it holds no connection between checks). Requests go one after another on
 * the same keep-alive connection; each returns a future completed on the connection's event loop.
 */
public final class ServiceConnection implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REPLY = 1024 * 1024;

    private final Channel channel;
    private final String host;
    private final Queue<CompletableFuture<ServiceReply>> pending = new ArrayDeque<>();

    private ServiceConnection(Channel channel, String host) {
        this.channel = channel;
        this.host = host;
    }

    /** Connects and completes once the TLS handshake is done. */
    public static CompletableFuture<ServiceConnection> open(EventLoopGroup group, SslContext tls, InetSocketAddress service) {
        CompletableFuture<ServiceConnection> opened = new CompletableFuture<>();
        ServiceConnection[] holder = new ServiceConnection[1];
        java.util.concurrent.atomic.AtomicReference<io.netty.channel.ChannelFuture> connecting = new java.util.concurrent.atomic.AtomicReference<>();
        String host = service.getHostString();
        ChannelFuture connect = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        var ssl = tls.newHandler(ch.alloc(), host, service.getPort());
                        ch.pipeline().addLast("tls", ssl)
                                .addLast("http", new HttpClientCodec())
                                .addLast("aggregate", new HttpObjectAggregator(MAX_REPLY))
                                .addLast("replies", new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                                        holder[0].replied(response);
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        if (holder[0] != null) {
                                            holder[0].failAll(new IOException("the service closed the connection"));
                                        }
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        ctx.close();
                                        if (holder[0] != null) {
                                            holder[0].failAll(cause);
                                        }
                                        opened.completeExceptionally(cause);
                                    }
                                });
                        holder[0] = new ServiceConnection(ch, host);
                        ssl.handshakeFuture().addListener(f -> {
                            if (f.isSuccess()) {
                                opened.complete(holder[0]);
                            } else if (connecting.get() == null) {
                                opened.completeExceptionally(f.cause());
                            } else {
                                // A refused connection also ends the handshake ("SslHandler removed"); the caller must
                                // hear that the connection failed, not that TLS did.
                                connecting.get().addListener(c -> opened.completeExceptionally(c.isSuccess() ? f.cause() : c.cause()));
                            }
                        });
                    }
                })
                .connect(service);
        connecting.set(connect);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                opened.completeExceptionally(f.cause());
            }
        });
        return opened;
    }

    /** POSTs a JSON document; the future completes with the reply, or fails when the connection does. */
    public CompletableFuture<ServiceReply> post(String path, JsonNode body) {
        return send(HttpMethod.POST, path, body, null);
    }

    /** Any method, an optional JSON body and an optional bearer token (the admin face's). */
    public CompletableFuture<ServiceReply> send(HttpMethod method, String path, JsonNode body, String bearer) {
        try {
            return send(method, path, body == null ? new byte[0] : JSON.writeValueAsBytes(body), "application/json", bearer);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A GET of part of a resource: "Range: bytes=a-b", as a resumed download asks. */
    public CompletableFuture<ServiceReply> sendWithRange(String path, String range) {
        return send(HttpMethod.GET, path, new byte[0], "application/json", null, range);
    }

    /** Raw bytes of the given content type (an image package upload is application/octet-stream). */
    public CompletableFuture<ServiceReply> send(HttpMethod method, String path, byte[] bytes, String contentType, String bearer) {
        return send(method, path, bytes, contentType, bearer, null);
    }

    private CompletableFuture<ServiceReply> send(HttpMethod method, String path, byte[] bytes, String contentType, String bearer,
                                                 String range) {
        CompletableFuture<ServiceReply> reply = new CompletableFuture<>();
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path, Unpooled.wrappedBuffer(bytes));
        request.headers().set(HttpHeaderNames.HOST, host)
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        if (bearer != null) {
            request.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearer);
        }
        if (range != null) {
            request.headers().set(HttpHeaderNames.RANGE, range);
        }
        channel.eventLoop().execute(() -> {
            pending.add(reply);
            channel.writeAndFlush(request).addListener(f -> {
                if (!f.isSuccess()) {
                    failAll(f.cause());
                }
            });
        });
        return reply;
    }

    private void replied(FullHttpResponse response) {
        CompletableFuture<ServiceReply> next = pending.poll();
        if (next == null) {
            return;
        }
        JsonNode body = null;
        byte[] bytes = new byte[response.content().readableBytes()];
        response.content().getBytes(response.content().readerIndex(), bytes);
        String type = response.headers().get(HttpHeaderNames.CONTENT_TYPE, "application/json");
        try {
            if (bytes.length > 0 && type.startsWith("application/json")) {
                body = JSON.readTree(bytes);
            }
        } catch (IOException e) {
            next.completeExceptionally(new IOException("the service's reply is not JSON"));
            return;
        }
        next.complete(new ServiceReply(response.status().code(), body, bytes));
    }

    private void failAll(Throwable cause) {
        CompletableFuture<ServiceReply> f;
        while ((f = pending.poll()) != null) {
            f.completeExceptionally(cause);
        }
    }

    public static ObjectMapper json() {
        return JSON;
    }

    @Override
    public void close() {
        channel.close();
    }
}
