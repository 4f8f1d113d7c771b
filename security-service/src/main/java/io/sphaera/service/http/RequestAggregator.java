package io.sphaera.service.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Whole requests of at most {@code maxBody} bytes. A bigger one is answered 413 with the service's JSON error naming
 * the limit (Netty's own answer has no body) and the connection is closed, as the rest of the body would follow.
 */
final class RequestAggregator extends HttpObjectAggregator {
    private final int maxBody;

    RequestAggregator(int maxBody) {
        super(maxBody);
        this.maxBody = maxBody;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        FullHttpResponse answer = ServiceHandler.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "TooLarge",
                "the request body is larger than " + maxBody + " bytes");
        HttpUtil.setKeepAlive(answer, false);
        ctx.writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }
}
