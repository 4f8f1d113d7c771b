package io.sphaera.emulator.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.SslContext;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.CertifiedKey;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.service.http.ServiceServer;
import io.sphaera.service.http.ServiceTls;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The listener's limits: oversized and malformed requests get a 4xx, slow clients are cut off, others go on. */
class ServiceLimitsTest {
    private static final Duration DEADLINE = Duration.ofMillis(300);
    private static EventLoopGroup loops;
    private static ServiceServer server;
    private static SslContext client;

    @BeforeAll
    static void start() throws Exception {
        Instant now = Instant.parse("2026-11-26T00:00:00Z");
        CertificateAuthority root = CertificateAuthority.selfSigned(SigningKey.generate(new SplittableRandom(1)), "Root",
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), BigInteger.ONE);
        CertifiedKey tls = root.issueTlsServer(SigningKey.generate(new SplittableRandom(2)), "limits", List.of("localhost"),
                List.of("127.0.0.1"), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), BigInteger.TWO);
        loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = ServiceServer.start(new InetSocketAddress("127.0.0.1", 0), ServiceTls.server(tls, root),
                Map.of(ServiceServer.route("POST", "/echo"), request -> request.body()), loops, loops, DEADLINE);
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
    void malformedJsonIsA400NamingIt() throws Exception {
        try (ServiceConnection c = connect()) {
            ServiceReply r = c.send(HttpMethod.POST, "/echo", "{\"not\": json".getBytes(StandardCharsets.UTF_8), "application/json", null)
                    .get(10, TimeUnit.SECONDS);
            assertEquals(400, r.status());
            assertTrue(r.error().contains("not valid JSON"), r.error());
            assertEquals(200, c.post("/echo", ServiceConnection.json().createObjectNode().put("ok", 1)).get(10, TimeUnit.SECONDS).status(),
                    "the same connection goes on serving");
        }
    }

    @Test
    void anOversizedBodyIsRefused() throws Exception {
        try (ServiceConnection c = connect()) {
            byte[] huge = new byte[ServiceServer.MAX_BODY + 1];
            ServiceReply r = c.send(HttpMethod.POST, "/echo", huge, "application/json", null).get(10, TimeUnit.SECONDS);
            assertEquals(413, r.status());
            assertEquals("the request body is larger than " + ServiceServer.MAX_BODY + " bytes", r.error());
        } catch (java.util.concurrent.ExecutionException closed) {
            // Netty may close the connection right after its 413; either way the body was not taken.
        }
        try (ServiceConnection c = connect()) {
            assertEquals(200, c.post("/echo", ServiceConnection.json().createObjectNode()).get(10, TimeUnit.SECONDS).status());
        }
    }

    @Test
    void aClientThatNeverFinishesIsCutOff() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", server.port())) {
            // If the server never closed it, this read would time out and fail the test.
            slow.setSoTimeout(10_000);
            OutputStream out = slow.getOutputStream();
            out.write(0x16); // the first byte of a TLS record, and then nothing more
            out.flush();
            InputStream in = slow.getInputStream();
            int read = in.read();
            while (read != -1) {
                read = in.read();
            }
        }
        try (ServiceConnection c = connect()) {
            assertEquals(200, c.post("/echo", ServiceConnection.json().createObjectNode()).get(10, TimeUnit.SECONDS).status(),
                    "others are served meanwhile");
        }
    }

    @Test
    void aKeptAliveConnectionLivesBeyondTheDeadlineWhileItsClientKeepsAsking() throws Exception {
        // The deadline is per request: a client asking every third of it is never cut off.
        try (ServiceConnection c = connect()) {
            long end = System.nanoTime() + DEADLINE.multipliedBy(4).toNanos();
            int asked = 0;
            while (System.nanoTime() < end) {
                assertEquals(200, c.post("/echo", ServiceConnection.json().createObjectNode().put("n", asked++)).get(10, TimeUnit.SECONDS).status());
                java.util.concurrent.locks.LockSupport.parkNanos(DEADLINE.dividedBy(3).toNanos());
            }
            assertTrue(asked >= 6, "asked " + asked + " times");
        }
    }

    @Test
    void headersOrARequestLineOverTheirLimitsAreNamed() throws Exception {
        try (ServiceConnection c = connect()) {
            ServiceReply r = c.send(HttpMethod.POST, "/echo", new byte[0], "application/json", "x".repeat(ServiceServer.MAX_HEADERS))
                    .get(10, TimeUnit.SECONDS);
            assertEquals(431, r.status());
            assertEquals("the request's headers are longer than " + ServiceServer.MAX_HEADERS + " bytes", r.error());
        } catch (java.util.concurrent.ExecutionException closed) {
            throw new AssertionError("the connection closed without an answer", closed);
        }
        try (ServiceConnection c = connect()) {
            ServiceReply r = c.send(HttpMethod.GET, "/" + "a".repeat(ServiceServer.MAX_REQUEST_LINE), new byte[0], "application/json", null)
                    .get(10, TimeUnit.SECONDS);
            assertEquals(414, r.status());
            assertEquals("the request line is longer than " + ServiceServer.MAX_REQUEST_LINE + " bytes", r.error());
        }
    }
}
