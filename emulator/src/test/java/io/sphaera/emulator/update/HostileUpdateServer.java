package io.sphaera.emulator.update;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hostile update server for the attack tests: it holds a TLS certificate the device accepts (a compromised
 * service host, or a man in the middle with the service's TLS key) but not the update CA's key, and answers the
 * update agent with whatever the test gives it — a replayed, foreign or forged manifest, and image bytes of its choosing.
 */
final class HostileUpdateServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private volatile byte[] manifest = new byte[0];
    /** The bytes answered for a range request of an image: its ID and the range (from, to inclusive). */
    private volatile BiFunction<String, long[], byte[]> images = (id, r) -> new byte[0];
    private final Channel channel;

    HostileUpdateServer(EventLoopGroup loops, SslContext tls) throws InterruptedException {
        channel = new ServerBootstrap().group(loops).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc())).addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(1 << 20)).addLast(new SimpleChannelInboundHandler<FullHttpRequest>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                                        ctx.writeAndFlush(answer(request));
                                    }
                                });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    void serveManifest(byte[] envelope) {
        manifest = envelope.clone();
    }

    void serveImages(BiFunction<String, long[], byte[]> bytesForRange) {
        images = bytesForRange;
    }

    private FullHttpResponse answer(FullHttpRequest request) {
        String uri = request.uri();
        if (uri.equals(UpdateClient.MANIFEST)) {
            return reply(HttpResponseStatus.OK, manifest, "application/json");
        }
        if (uri.startsWith("/v1/device/images/")) {
            String id = uri.substring("/v1/device/images/".length());
            Matcher m = RANGE.matcher(request.headers().get(HttpHeaderNames.RANGE, ""));
            if (!m.matches()) {
                return reply(HttpResponseStatus.OK, images.apply(id, new long[] {0, Long.MAX_VALUE}), "application/octet-stream");
            }
            return reply(HttpResponseStatus.PARTIAL_CONTENT, images.apply(id, new long[] {Long.parseLong(m.group(1)),
                    Long.parseLong(m.group(2))}), "application/octet-stream");
        }
        return reply(HttpResponseStatus.OK, "{\"Accepted\":true}".getBytes(), "application/json");
    }

    private static FullHttpResponse reply(HttpResponseStatus status, byte[] body, String type) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type).setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
