package io.sphaera.service.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection has a fixed time to deliver each whole request, counted from when it opened or from the last answer
 * that left it with nothing outstanding: a client that sends slowly, or never finishes, is cut off however it spaces
 * its bytes, and costs the server one timer on the channel's own event loop. While requests it has sent are being
 * answered the clock does not run: the wait is the server's, not the client's.
 *
 * <p>Answers written but not yet taken by the client are the client's wait: the clock runs while they leave, and
 * while the channel is unwritable whatever else is outstanding. When it runs out with answers still waiting to leave
 * and none of their bytes having left since it started, the client is not reading and the connection is closed; if
 * some left, the clock starts again, so a slow reader is not a stalled one. (Without this, a client that never read
 * kept its answers unsent, and so the clock stopped, for ever.)
 *
 * <p>It sits after the HTTP aggregator, where whole requests and answers pass; the TLS handshake before the first
 * request has the same limit, as the TLS handler's handshake timeout.
 */
final class RequestDeadline extends ChannelDuplexHandler {
    private final Duration limit;
    private ScheduledFuture<?> timer;
    /** Requests read whose answers have not been written yet: the server's time. */
    private int working;
    /** Answers written that have not all left yet. */
    private int leaving;
    /** Answers that have left, ever: a change is progress. */
    private long left;
    // The outbound buffer when the clock (re)started, to tell whether any bytes left since (as IdleStateHandler does).
    private long leftAtMark;
    private int currentAtMark;
    private long progressAtMark;
    private long pendingAtMark;

    RequestDeadline(Duration limit) {
        this.limit = limit;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest) {
            working++;
            clock(ctx);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof LastHttpContent) {
            working = Math.max(0, working - 1);
            leaving++;
            promise = promise.unvoid();
            promise.addListener(f -> {
                leaving--;
                left++;
                if (leaving == 0 && working == 0 && ctx.channel().isActive()) {
                    arm(ctx); // a fresh deadline for the next request, from the last answer leaving
                }
            });
            clock(ctx);
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        clock(ctx);
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        super.channelInactive(ctx);
    }

    /** Runs the clock when the server owes nothing it is still working on, or the client is not taking its answers. */
    private void clock(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (working == 0 || !ctx.channel().isWritable()) {
            if (timer == null) {
                arm(ctx);
            }
        } else {
            disarm();
        }
    }

    private void expire(ChannelHandlerContext ctx) {
        timer = null;
        if (leaving == 0 && ctx.channel().isWritable()) {
            ctx.close(); // the request deadline
            return;
        }
        if (outputMoved(ctx)) {
            arm(ctx);
            return;
        }
        // Beneath TLS: a close_notify would only queue behind answers the client does not take, and the TLS handler
        // would hold the connection, and them, a few seconds more waiting for it to leave.
        ChannelHandlerContext tls = ctx.pipeline().context(SslHandler.class);
        (tls != null ? tls : ctx).close();
    }

    private void arm(ChannelHandlerContext ctx) {
        disarm();
        leftAtMark = left;
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        if (out != null) {
            currentAtMark = System.identityHashCode(out.current());
            progressAtMark = out.currentProgress();
            pendingAtMark = out.totalPendingWriteBytes();
        }
        timer = ctx.executor().schedule(() -> expire(ctx), limit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether any written bytes left the channel since the clock started (new answers queued do not count). */
    private boolean outputMoved(ChannelHandlerContext ctx) {
        if (left != leftAtMark) {
            return true;
        }
        ChannelOutboundBuffer out = ctx.channel().unsafe().outboundBuffer();
        return out != null && (System.identityHashCode(out.current()) != currentAtMark
                || out.currentProgress() != progressAtMark || out.totalPendingWriteBytes() < pendingAtMark);
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
