package io.sphaera.service.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection is not read from while its client is far ahead of its answers or is not taking the answers written;
 * reading resumes only when neither holds, whichever ended first.
 */
class ReadPausesTest {
    private static final JsonNode BIG = ServiceHandler.JSON.createObjectNode().put("padding", "x".repeat(8 * 1024));
    private final ArrayDeque<CompletableFuture<JsonNode>> held = new ArrayDeque<>();
    /** Stands for a client that does not read: flushes go nowhere until it is opened. */
    private final FlushGate gate = new FlushGate();
    private EmbeddedChannel channel;

    private static final class FlushGate extends ChannelOutboundHandlerAdapter {
        boolean open;

        @Override
        public void flush(ChannelHandlerContext ctx) {
            if (open) {
                ctx.flush();
            }
        }
    }

    @BeforeEach
    void connect() {
        ServiceHandler handler = new ServiceHandler(Map.of(
                ServiceServer.route("GET", "/big"), request -> BIG,
                ServiceServer.route("GET", "/held"), ServiceServer.deferred(request -> {
                    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
                    held.add(answer);
                    return answer;
                })), null);
        channel = new EmbeddedChannel(gate, handler);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(4 * 1024, 16 * 1024));
    }

    @AfterEach
    void disconnect() {
        channel.finishAndReleaseAll();
    }

    private void ask(String path) {
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path));
        channel.runPendingTasks();
    }

    private void answerHeld(int n) {
        for (int i = 0; i < n; i++) {
            held.remove().complete(BIG);
        }
        channel.runPendingTasks();
    }

    private void clientReads() {
        gate.open = true;
        channel.flush();
        channel.runPendingTasks();
        channel.releaseOutbound();
    }

    @Test
    void answersCatchingUpDoNotResumeReadingWhileTheClientTakesNone() {
        for (int i = 0; i < AnswersInFlight.PAUSE_AT; i++) {
            ask("/held");
        }
        assertFalse(channel.config().isAutoRead(), "far ahead of its answers");
        answerHeld(AnswersInFlight.PAUSE_AT - AnswersInFlight.RESUME_AT);
        assertFalse(channel.isWritable(), "the answers written wait for the client");
        assertFalse(channel.config().isAutoRead(), "caught up, but the client takes nothing");
        clientReads();
        assertTrue(channel.config().isAutoRead());
        answerHeld(held.size());
        assertTrue(channel.config().isAutoRead());
    }

    @Test
    void theClientTakingItsAnswersDoesNotResumeReadingWhileItIsFarAheadOfTheRest() {
        ask("/big");
        ask("/big");
        assertFalse(channel.isWritable());
        assertFalse(channel.config().isAutoRead(), "answers ready at once, but not taken");
        for (int i = 0; i < AnswersInFlight.PAUSE_AT; i++) {
            ask("/held"); // what one read held before it stopped
        }
        clientReads();
        assertTrue(channel.isWritable());
        assertFalse(channel.config().isAutoRead(), "taking its answers, but far ahead of the rest");
        answerHeld(AnswersInFlight.PAUSE_AT - AnswersInFlight.RESUME_AT);
        assertTrue(channel.config().isAutoRead());
        answerHeld(held.size());
    }
}
