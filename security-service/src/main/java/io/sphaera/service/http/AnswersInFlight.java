package io.sphaera.service.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.AttributeKey;
import java.util.concurrent.CompletableFuture;

/**
 * One connection's answers not yet written. HTTP/1.1 answers leave in request order, so an answer that is ready
 * waits for the ones before it. The connection is not read from while either of two things holds: its client has
 * pipelined far ahead of its answers (Netty's codec drops a connection with too many requests unanswered, and reading
 * on would only queue work), or the channel is unwritable, its client not taking the answers already written (answers
 * ready at once skip the count above, so without this a client that never reads would have the server read on and
 * buffer every answer). Touched only on the connection's event loop.
 */
final class AnswersInFlight {
    /** Stop reading the connection at this many answers outstanding; read again when they are down to {@link #RESUME_AT}. */
    static final int PAUSE_AT = 32;
    static final int RESUME_AT = 8;
    private static final AttributeKey<AnswersInFlight> KEY = AttributeKey.valueOf("sphaera.answersInFlight");

    private CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
    private int outstanding;
    /** From {@link #PAUSE_AT} answers outstanding until they are down to {@link #RESUME_AT}. */
    private boolean tooFarAhead;
    /** While the channel is over its write buffer's high water mark. */
    private boolean answersNotTaken;

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
        if (outstanding >= PAUSE_AT && !tooFarAhead) {
            tooFarAhead = true;
            readOrNot(ctx);
        }
        // A failed earlier write must not hold back the later answers.
        last = last.exceptionally(e -> null).thenCombine(response, (ignored, r) -> r).thenAcceptAsync(r -> {
            outstanding--;
            write(ctx, r, keepAlive);
            if (outstanding <= RESUME_AT && tooFarAhead) {
                tooFarAhead = false;
                readOrNot(ctx);
            }
        }, ctx.executor());
    }

    /** The channel crossed a water mark of its write buffer. */
    void writabilityChanged(ChannelHandlerContext ctx) {
        answersNotTaken = !ctx.channel().isWritable();
        readOrNot(ctx);
    }

    /** Reads only when neither reason to pause holds: either one ending must not resume reading the other paused. */
    private void readOrNot(ChannelHandlerContext ctx) {
        boolean read = !tooFarAhead && !answersNotTaken;
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
