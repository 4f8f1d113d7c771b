package io.sphaera.service.http;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.CertifiedKey;
import io.sphaera.firmware.signing.SigningKey;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A client that asks and asks and never reads its answers is not read from, and is cut off, not buffered for. */
class UnreadAnswersTest {
    private static final Duration DEADLINE = Duration.ofMillis(500);
    private static final int ANSWER_BYTES = 64 * 1024;
    /**
     * Far more requests than the server may take from such a client: what its socket and write buffers hold, as
     * answers, plus one read's worth of requests. A server that read on would pass it within moments.
     */
    private static final int MOST_ACCEPTED = 1000;
    private static final AtomicInteger accepted = new AtomicInteger();
    private static final CompletableFuture<Void> tooManyAccepted = new CompletableFuture<>();
    private static EventLoopGroup loops;
    private static ServiceServer server;
    private static SSLContext client;

    @BeforeAll
    static void start() throws Exception {
        Instant now = Instant.parse("2026-11-26T00:00:00Z");
        CertificateAuthority root = CertificateAuthority.selfSigned(SigningKey.generate(new SplittableRandom(1)), "Root",
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), BigInteger.ONE);
        CertifiedKey tls = root.issueTlsServer(SigningKey.generate(new SplittableRandom(2)), "unread", List.of("localhost"),
                List.of("127.0.0.1"), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), BigInteger.TWO);
        JsonNode big = ServiceHandler.JSON.createObjectNode().put("padding", "x".repeat(ANSWER_BYTES));
        loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = ServiceServer.start(new InetSocketAddress("127.0.0.1", 0), ServiceTls.server(tls, root),
                Map.of(ServiceServer.route("GET", "/big"), request -> {
                    if (accepted.incrementAndGet() > MOST_ACCEPTED) {
                        tooManyAccepted.complete(null);
                    }
                    return big;
                }), loops, loops, DEADLINE);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("root", ServiceTls.certificate(root.certificateDer()));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        client = SSLContext.getInstance("TLSv1.3");
        client.init(null, trust.getTrustManagers(), null);
    }

    @AfterAll
    static void stop() {
        server.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aClientThatNeverReadsItsAnswersIsNoLongerReadAndIsClosedAfterTheDeadline() throws Exception {
        byte[] request = ("GET /big HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "p".repeat(900) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] burst = new byte[request.length * 16];
        for (int i = 0; i < 16; i++) {
            System.arraycopy(request, 0, burst, i * request.length, request.length);
        }
        AtomicLong sent = new AtomicLong();
        CompletableFuture<IOException> cutOff = new CompletableFuture<>();
        try (Socket tcp = new Socket()) {
            // Small, so the answers the client leaves unread fill its side quickly; set before connecting (window scale).
            tcp.setReceiveBufferSize(16 * 1024);
            // Closed with a reset, beneath TLS: a close_notify would wait behind the writer if the server never closed.
            tcp.setSoLinger(true, 0);
            tcp.connect(new InetSocketAddress("127.0.0.1", server.port()));
            SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(tcp, "localhost", server.port(), true);
            socket.startHandshake();
            Thread writer = Thread.ofPlatform().daemon().name("never-reads").start(() -> {
                // Sends until the server ends the connection; reads nothing, so a server that never did would block
                // this writer for ever once it stopped reading, and take everything if it did not.
                try {
                    OutputStream out = socket.getOutputStream();
                    while (true) {
                        out.write(burst);
                        out.flush();
                        sent.addAndGet(16);
                    }
                } catch (IOException e) {
                    cutOff.complete(e);
                } catch (RuntimeException e) {
                    cutOff.completeExceptionally(e);
                }
            });
            try {
                CompletableFuture.anyOf(cutOff, tooManyAccepted).get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("the connection was still open; the server accepted " + accepted.get()
                        + " of " + sent.get() + " requests sent", e);
            }
            assertTrue(accepted.get() <= MOST_ACCEPTED, "the server stopped reading; it accepted " + accepted.get()
                    + " of " + sent.get() + " requests sent");
            assertInstanceOf(IOException.class, cutOff.getNow(null), "the server closed the connection");
            assertTrue(accepted.get() * 2 < sent.get(), "accepted " + accepted.get() + " of " + sent.get());
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
