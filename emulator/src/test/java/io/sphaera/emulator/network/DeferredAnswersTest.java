package io.sphaera.emulator.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslContext;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.CertifiedKey;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.service.http.ApiException;
import io.sphaera.service.http.ServiceServer;
import io.sphaera.service.http.ServiceTls;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routes that answer later (after a durable commit) keep HTTP/1.1's order on a connection, and fail as 4xx/500. */
class DeferredAnswersTest {
    private static EventLoopGroup loops;
    private static ServiceServer server;
    private static SslContext client;
    private static volatile CompletableFuture<JsonNode> slowAnswer;
    private static volatile CountDownLatch fastHandled;
    private static final java.util.concurrent.BlockingQueue<Map.Entry<CompletableFuture<JsonNode>, JsonNode>> held =
            new java.util.concurrent.LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        Instant now = Instant.parse("2026-11-26T00:00:00Z");
        CertificateAuthority root = CertificateAuthority.selfSigned(SigningKey.generate(new SplittableRandom(1)), "Root",
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), BigInteger.ONE);
        CertifiedKey tls = root.issueTlsServer(SigningKey.generate(new SplittableRandom(2)), "deferred", List.of("localhost"),
                List.of("127.0.0.1"), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), BigInteger.TWO);
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        server = ServiceServer.start(new InetSocketAddress("127.0.0.1", 0), ServiceTls.server(tls, root), Map.of(
                ServiceServer.route("POST", "/slow"), ServiceServer.deferred(request -> slowAnswer),
                ServiceServer.route("POST", "/fast"), request -> {
                    fastHandled.countDown();
                    return request.body();
                },
                ServiceServer.route("POST", "/refused-later"), ServiceServer.deferred(request ->
                        CompletableFuture.failedFuture(new ApiException(HttpResponseStatus.CONFLICT, "Conflict", "too late"))),
                ServiceServer.route("POST", "/held"), ServiceServer.deferred(request -> {
                    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
                    held.add(Map.entry(answer, request.body()));
                    return answer;
                }),
                ServiceServer.route("POST", "/broken-later"), ServiceServer.deferred(request ->
                        CompletableFuture.failedFuture(new IllegalStateException("the disk is gone")))),
                loops, loops, Duration.ofSeconds(30));
        client = ServiceTls.client(root.certificateDer());
    }

    @AfterAll
    static void stop() {
        server.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static ServiceConnection connect() throws Exception {
        return ServiceConnection.open(loops, client, new InetSocketAddress("127.0.0.1", server.port())).get(10, TimeUnit.SECONDS);
    }

    @Test
    void anAnswerThatComesLaterStillLeavesBeforeTheAnswersOfLaterRequests() throws Exception {
        slowAnswer = new CompletableFuture<>();
        fastHandled = new CountDownLatch(1);
        try (ServiceConnection c = connect()) {
            // Pipelined on one connection: the client pairs answers with requests by order, so an answer written out
            // of turn would land on the wrong request.
            var slow = c.post("/slow", ServiceConnection.json().createObjectNode().put("n", 1));
            var fast = c.post("/fast", ServiceConnection.json().createObjectNode().put("n", 2));
            assertTrue(fastHandled.await(10, TimeUnit.SECONDS), "the server handled the second request");
            assertFalse(slow.isDone() || fast.isDone(), "neither answer leaves before the first is ready");
            slowAnswer.complete(ServiceConnection.json().createObjectNode().put("answer", "slow"));
            assertEquals("slow", slow.get(10, TimeUnit.SECONDS).body().path("answer").asText());
            assertEquals(2, fast.get(10, TimeUnit.SECONDS).body().path("n").asInt());
        }
    }

    @Test
    void aRefusalThatComesLaterIsItsStatusAndAFailureIsA500ThatSaysNothingMore() throws Exception {
        fastHandled = new CountDownLatch(1);
        try (ServiceConnection c = connect()) {
            ServiceReply refused = c.post("/refused-later", ServiceConnection.json().createObjectNode()).get(10, TimeUnit.SECONDS);
            assertEquals(409, refused.status());
            assertEquals("too late", refused.error());
            ServiceReply broken = c.post("/broken-later", ServiceConnection.json().createObjectNode()).get(10, TimeUnit.SECONDS);
            assertEquals(500, broken.status());
            assertFalse(broken.error().contains("disk"), broken.error());
            assertEquals(200, c.post("/fast", ServiceConnection.json().createObjectNode()).get(10, TimeUnit.SECONDS).status(),
                    "the connection goes on serving");
        }
    }

    @Test
    void aClientPipeliningFarAheadOfLateAnswersIsReadMoreSlowlyNotDropped() throws Exception {
        // More than the server lets a connection have unanswered; answers are held until no request has come for a
        // while. A server that read on regardless would take them all and drop the connection; this one stops reading.
        int n = ServiceServer.MAX_PIPELINE_DEPTH + 500;
        try (ServiceConnection c = connect()) {
            List<CompletableFuture<ServiceReply>> replies = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                replies.add(c.post("/held", ServiceConnection.json().createObjectNode().put("n", i)));
            }
            List<Map.Entry<CompletableFuture<JsonNode>, JsonNode>> waiting = new java.util.ArrayList<>();
            int mostHeldAtOnce = 0;
            while (!replies.get(n - 1).isDone()) {
                var next = held.poll(50, TimeUnit.MILLISECONDS);
                if (next != null) {
                    waiting.add(next);
                    mostHeldAtOnce = Math.max(mostHeldAtOnce, waiting.size());
                } else {
                    waiting.forEach(w -> w.getKey().complete(w.getValue()));
                    waiting.clear();
                }
            }
            for (int i = 0; i < n; i++) {
                ServiceReply r = replies.get(i).get(30, TimeUnit.SECONDS);
                assertEquals(200, r.status(), r::error);
                assertEquals(i, r.body().path("n").asInt());
            }
            assertTrue(mostHeldAtOnce < ServiceServer.MAX_PIPELINE_DEPTH, "held at once: " + mostHeldAtOnce);
        }
    }
}
