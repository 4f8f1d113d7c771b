package io.sphaera.benchmarks;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.sphaera.emulator.network.ServiceConnection;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.CertifiedKey;
import io.sphaera.firmware.signing.PemKeys;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.service.http.ServiceServer;
import io.sphaera.service.http.ServiceTls;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * TLS 1.3 handshakes per second against the service's listener on loopback, both ends in this JVM, 16 at a time
 * (as DESIGN.md measured), with the JDK's provider and with OpenSSL (netty-tcnative) on both ends.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TlsHandshakeBenchmark {
    private static final int AT_ONCE = 16;

    @Param({"JDK", "OPENSSL"})
    public String provider;

    private EventLoopGroup loops;
    private ServiceServer server;
    private SslContext client;
    private InetSocketAddress address;

    @Setup
    public void setUp() throws Exception {
        SslProvider p = SslProvider.valueOf(provider);
        Instant now = Instant.parse("2026-11-26T00:00:00Z");
        CertificateAuthority root = CertificateAuthority.selfSigned(SigningKey.generate(new SplittableRandom(1)), "Root",
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), BigInteger.ONE);
        CertifiedKey tls = root.issueTlsServer(SigningKey.generate(new SplittableRandom(2)), "bench", List.of("localhost"),
                List.of("127.0.0.1"), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)), BigInteger.TWO);
        String pem = PemKeys.encodePrivate(tls.key());
        var key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""))));
        SslContext serverTls = SslContextBuilder.forServer(key, ServiceTls.certificate(tls.certificateDer()))
                .sslProvider(p).protocols("TLSv1.3").build();
        client = SslContextBuilder.forClient().trustManager(ServiceTls.certificate(root.certificateDer()))
                .endpointIdentificationAlgorithm("HTTPS").sslProvider(p).protocols("TLSv1.3").build();
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        server = ServiceServer.start(new InetSocketAddress("127.0.0.1", 0), serverTls, Map.of(), loops, loops, Duration.ofSeconds(30));
        address = new InetSocketAddress("127.0.0.1", server.port());
    }

    @Benchmark
    @OperationsPerInvocation(AT_ONCE)
    public int handshakes() throws Exception {
        List<CompletableFuture<ServiceConnection>> opening = new ArrayList<>(AT_ONCE);
        for (int i = 0; i < AT_ONCE; i++) {
            opening.add(ServiceConnection.open(loops, client, address));
        }
        int done = 0;
        for (CompletableFuture<ServiceConnection> c : opening) {
            c.get(30, TimeUnit.SECONDS).close();
            done++;
        }
        return done;
    }

    @TearDown
    public void tearDown() {
        server.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
