package io.sphaera.service.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AttributeKey;
import java.util.concurrent.CompletableFuture;

/**
 * One connection's answers not yet written. HTTP/1.1 answers leave in request order, so an answer that is ready
 * waits for the ones before it. A client that pipelines far ahead of its answers is not read from until they catch
 * up: Netty's codec drops a connection with more than 128 requests unanswered, and reading on would only queue work.
 * Touched only on the connection's event loop.
 */
final class AnswersInFlight {
    /** Stop reading the connection at this many answers outstanding; read again when they are down to {@link #RESUME_AT}. */
    static final int PAUSE_AT = 32;
    static final int RESUME_AT = 8;
    private static final AttributeKey<AnswersInFlight> KEY = AttributeKey.valueOf("sphaera.answersInFlight");

    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    private int outstanding;

    static AnswersInFlight of(ChannelHandlerContext ctx) {
        AnswersInFlight answers = ctx.channel().attr(KEY).get();
        if (answers == null) {
            answers = new AnswersInFlight();
            ctx.channel().attr(KEY).set(answers);
        }
        return answers;
    }

    /** Writes {@code response} once it is ready and every earlier answer of the connection has been written. */
    void answer(ChannelHandlerContext ctx, CompletableFuture<FullHttpResponse> response, boolean keepAlive) {
        if (outstanding == 0 && response.isDone()) {
            write(ctx, response.join(), keepAlive); // the common case: nothing waits, nothing to order
            return;
        }
        outstanding++;
        if (outstanding >= PAUSE_AT && ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
        }
        // A failed earlier write must not hold back the later answers.
        last = last.exceptionally(e -> null).thenCombine(response, (ignored, r) -> r).thenAcceptAsync(r -> {
            outstanding--;
            write(ctx, r, keepAlive);
            if (outstanding <= RESUME_AT && !ctx.channel().config().isAutoRead()) {
                ctx.channel().config().setAutoRead(true);
            }
        }, ctx.executor());
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
