package io.sphaera.service.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches each whole request to its route by method and path, and answers in JSON: the route's document, or
 * {"error": reason, "code": name} with a 4xx for bad requests. A bug answers 500 without details and is logged; the
 * connection and the server go on serving.
 */
@ChannelHandler.Sharable
final class ServiceHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceHandler.class);
    static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Map<String, Route> routes;
    private final DeviceClientTrust devices;

    /**
     * Routes keyed by "METHOD /path", where a "{}" segment matches any one segment and is passed to the route;
     * {@code devices} judges client certificates on every request (null: no device identities on this listener).
     */
    ServiceHandler(Map<String, Route> routes, DeviceClientTrust devices) {
        // Binary routes travel in the same table, wrapped (see binary()), so matching and errors work alike for both.
        this.routes = Map.copyOf(routes);
        this.devices = devices;
    }

    static boolean isBinary(Route route) {
        return route instanceof BinaryRouteAdapter;
    }

    /** Puts a binary route into a route table. */
    public static Route binary(BinaryRoute route) {
        return new BinaryRouteAdapter(route);
    }

    private record BinaryRouteAdapter(BinaryRoute route) implements Route {
        @Override
        public JsonNode handle(ApiRequest request) {
            throw new IllegalStateException("a binary route is answered by the handler itself");
        }
    }

    /** Puts a deferred route into a route table. */
    public static Route deferred(DeferredRoute route) {
        return new DeferredRouteAdapter(route);
    }

    private record DeferredRouteAdapter(DeferredRoute route) implements Route {
        @Override
        public JsonNode handle(ApiRequest request) {
            throw new IllegalStateException("a deferred route is answered by the handler itself");
        }
    }

    static String key(String method, String path) {
        return method + " " + path;
    }

    /** The route for a request and the values of its {} segments; exact paths first. */
    private Map.Entry<Route, java.util.List<String>> match(String method, String path) {
        Route exact = routes.get(key(method, path));
        if (exact != null) {
            return Map.entry(exact, java.util.List.of());
        }
        String[] segments = path.split("/", -1);
        for (Map.Entry<String, Route> r : routes.entrySet()) {
            String k = r.getKey();
            if (!k.startsWith(method + " ")) {
                continue;
            }
            String[] template = k.substring(method.length() + 1).split("/", -1);
            if (template.length != segments.length) {
                continue;
            }
            java.util.List<String> params = new java.util.ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < template.length && ok; i++) {
                if (template[i].equals("{}")) {
                    ok = !segments[i].isEmpty();
                    params.add(segments[i]);
                } else {
                    ok = template[i].equals(segments[i]);
                }
            }
            if (ok) {
                return Map.entry(r.getValue(), params);
            }
        }
        return null;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean valid = request.decoderResult().isSuccess();
        boolean keepAlive = valid && HttpUtil.isKeepAlive(request);
        CompletableFuture<FullHttpResponse> response = valid
                ? answer(ctx, request)
                : CompletableFuture.completedFuture(malformed(request.decoderResult().cause()));
        AnswersInFlight.of(ctx).answer(ctx, response, keepAlive);
    }

    /** What the HTTP decoder refused, named: a request line or headers over their limits, or not HTTP at all. */
    private static FullHttpResponse malformed(Throwable cause) {
        if (cause instanceof io.netty.handler.codec.http.TooLongHttpLineException) {
            return error(HttpResponseStatus.REQUEST_URI_TOO_LONG, "TooLong", "the request line is longer than " + ServiceServer.MAX_REQUEST_LINE + " bytes");
        }
        if (cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException) {
            return error(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "TooLarge", "the request's headers are longer than " + ServiceServer.MAX_HEADERS + " bytes");
        }
        return error(HttpResponseStatus.BAD_REQUEST, "BadRequest", "the request is not valid HTTP");
    }

    /** The device ID in the client certificate the handshake verified (DeviceClientTrust), if the client sent one. */
    private java.util.function.Supplier<java.util.Optional<String>> peerDevice(ChannelHandlerContext ctx) {
        // Judged only when a route asks: a connection without a client certificate makes the engine throw (and fill
        // in a stack trace) on every asking, and most routes never ask.
        java.util.Optional<String>[] judged = new java.util.Optional[1];
        return () -> {
            if (judged[0] == null) {
                judged[0] = judgePeer(ctx);
            }
            return judged[0];
        };
    }

    private java.util.Optional<String> judgePeer(ChannelHandlerContext ctx) {
        io.netty.handler.ssl.SslHandler ssl = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class);
        if (ssl == null || devices == null) {
            return java.util.Optional.empty();
        }
        try {
            java.security.cert.Certificate[] peer = ssl.engine().getSession().getPeerCertificates();
            java.security.cert.X509Certificate[] chain = java.util.Arrays.stream(peer)
                    .map(c -> (java.security.cert.X509Certificate) c).toArray(java.security.cert.X509Certificate[]::new);
            return java.util.Optional.of(devices.verify(chain));
        } catch (javax.net.ssl.SSLPeerUnverifiedException | java.security.cert.CertificateException | ClassCastException e) {
            // No certificate, or one no longer good (expired since the handshake, or on a resumed session).
            return java.util.Optional.empty();
        }
    }

    /** The answer: complete at once, except a deferred route's, which is shaped on the channel's event loop when ready. */
    private CompletableFuture<FullHttpResponse> answer(ChannelHandlerContext ctx, FullHttpRequest request) {
        String method = request.method().name();
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        Map.Entry<Route, java.util.List<String>> matched = match(method, path);
        if (matched == null) {
            return CompletableFuture.completedFuture(error(HttpResponseStatus.NOT_FOUND, "NotFound",
                    method + " " + path + " is not an endpoint of this service"));
        }
        try {
            JsonNode body = null;
            byte[] content = new byte[request.content().readableBytes()];
            request.content().getBytes(request.content().readerIndex(), content);
            String type = request.headers().get(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_TYPE, "application/json");
            if (request.content().isReadable() && type.startsWith("application/json")) {
                try {
                    body = JSON.readTree(new io.netty.buffer.ByteBufInputStream(request.content()));
                } catch (IOException e) {
                    throw ApiException.badRequest("the body is not valid JSON");
                }
            }
            String authorization = request.headers().get(io.netty.handler.codec.http.HttpHeaderNames.AUTHORIZATION);
            java.util.Optional<String> bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? java.util.Optional.of(authorization.substring(7).trim()) : java.util.Optional.empty();
            ApiRequest api = new ApiRequest(method, matched.getValue(), uri.parameters(), body, content, bearer, peerDevice(ctx));
            Route route = matched.getKey();
            if (route instanceof DeferredRouteAdapter d) {
                return d.route().handle(api).toCompletableFuture().handleAsync((document, failure) -> {
                    if (failure != null) {
                        return failed(method, path, failure instanceof java.util.concurrent.CompletionException c
                                && c.getCause() != null ? c.getCause() : failure);
                    }
                    try {
                        return json(HttpResponseStatus.OK, JSON.writeValueAsBytes(document));
                    } catch (IOException e) {
                        return failed(method, path, e);
                    }
                }, ctx.executor());
            }
            if (route instanceof BinaryRouteAdapter b) {
                BinaryReply reply = b.route().handle(api, request.headers().get(io.netty.handler.codec.http.HttpHeaderNames.RANGE));
                FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()),
                        Unpooled.wrappedBuffer(reply.body()));
                r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM)
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
                reply.headers().forEach(r.headers()::set);
                return CompletableFuture.completedFuture(r);
            }
            return CompletableFuture.completedFuture(json(HttpResponseStatus.OK, JSON.writeValueAsBytes(route.handle(api))));
        } catch (ApiException | IOException | RuntimeException e) {
            return CompletableFuture.completedFuture(failed(method, path, e));
        }
    }

    /** A refusal as its 4xx; anything else as a 500 that says nothing more, logged. */
    private static FullHttpResponse failed(String method, String path, Throwable failure) {
        if (failure instanceof ApiException e) {
            return error(e.status(), e.code(), e.getMessage());
        }
        LOG.error("{} {} failed", method, path, failure);
        return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "InternalError", "the service failed; see its log");
    }

    static FullHttpResponse error(HttpResponseStatus status, String code, String message) {
        try {
            return json(status, JSON.writeValueAsBytes(JSON.createObjectNode().put("error", message).put("code", code)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FullHttpResponse json(HttpResponseStatus status, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        AnswersInFlight.of(ctx).writabilityChanged(ctx);
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // TLS failures, resets and oversized requests end this connection only.
        LOG.debug("connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
