package io.sphaera.emulator.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.sphaera.emulator.device.DeviceSeams;
import io.sphaera.emulator.device.Factory;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.boot.BootOutcome;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.fuse.ManufacturingState;
import io.sphaera.service.SecurityService;
import io.sphaera.service.http.ServiceTls;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Devices made by the factory attest to a real security service over TLS on loopback. */
class AttestationOverTlsTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final InstantSource CLOCK = InstantSource.fixed(NOW);
    @TempDir
    static Path dir;
    private static EventLoopGroup loops;
    private static Workspace workspace;
    private static Factory factory;
    private static SecurityService service;
    private static SslContext clientTls;
    private static final SeededRandomness RANDOMNESS = new SeededRandomness(77);

    @BeforeAll
    static void start() throws Exception {
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        workspace = Workspace.create(dir.resolve("ws"), CLOCK, RANDOMNESS.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(64 * 1024, 32 * 1024, 128 * 1024));
        SystemRelease release = workspace.release("25.02");
        factory = new Factory(workspace.vendor(), release, workspace.trustedKeyStoreImage());
        List<byte[]> images = release.imagesInBootOrder();
        service = SecurityService.start(new SecurityService.Config(dir.resolve("service"), workspace.vendor().root(),
                workspace.vendor().manufacturingCa().certificateDer(), Map.of("25.02", images),
                new InetSocketAddress("127.0.0.1", 0)), CLOCK, RANDOMNESS.forParty("service"), loops, loops);
        clientTls = ServiceTls.client(workspace.vendor().root().certificateDer());
    }

    @AfterAll
    static void stop() {
        service.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", service.port());
    }

    private static Mt3620Device bootedDevice(String name) throws Exception {
        DeviceSeams seams = new DeviceSeams(CLOCK, loops.next(), RANDOMNESS.forParty(name), () -> 0L);
        Mt3620Device device = factory.manufacture(NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE), seams,
                ManufacturingState.DEVICE_COMPLETE);
        assertEquals(BootOutcome.BOOTED, device.powerOn().get(10, TimeUnit.SECONDS).outcome());
        return device;
    }

    @Test
    void aManufacturedDeviceAttestsAndGetsItsCertificates() throws Exception {
        Mt3620Device device = bootedDevice("device-a");
        DeviceCertificate cert = new DeviceAuthentication(loops, clientTls, address()).authenticate(device).get(10, TimeUnit.SECONDS);
        X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(cert.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        assertEquals("CN=" + device.pluton().deviceId().hex(), x509.getSubjectX500Principal().getName());
        assertTrue(x509.getIssuerX500Principal().getName().contains("Sphaera Device CA"));
        assertEquals(NOW.plusSeconds(24 * 3600), cert.notAfter());
        x509.checkValidity(java.util.Date.from(NOW));
    }

    @Test
    void mutualTlsWorksWithTheJdksTlsTooTheKeyStayingInPluton() throws Exception {
        Mt3620Device device = bootedDevice("device-jdk");
        DeviceCertificate cert = new DeviceAuthentication(loops, clientTls, address()).authenticate(device).get(10, TimeUnit.SECONDS);
        SslContext mutual = DeviceTls.mutual(workspace.vendor().root().certificateDer(), device.pluton(), cert,
                io.netty.handler.ssl.SslProvider.JDK);
        try (ServiceConnection c = ServiceConnection.open(loops, mutual, address()).get(10, TimeUnit.SECONDS)) {
            ServiceReply me = c.send(io.netty.handler.codec.http.HttpMethod.GET, "/v1/device/identity", null, null).get(10, TimeUnit.SECONDS);
            assertEquals(200, me.status(), me::error);
            assertEquals(device.pluton().deviceId().hex(), me.body().path("DeviceId").asText());
        }
    }

    @Test
    void afterAttestingADeviceIsKnownByItsCertificateOverMutualTls() throws Exception {
        Mt3620Device device = bootedDevice("device-m");
        DeviceCertificate cert = new DeviceAuthentication(loops, clientTls, address()).authenticate(device).get(10, TimeUnit.SECONDS);
        SslContext mutual = DeviceTls.mutual(workspace.vendor().root().certificateDer(), device.pluton(), cert);
        try (ServiceConnection c = ServiceConnection.open(loops, mutual, address()).get(10, TimeUnit.SECONDS)) {
            ServiceReply me = c.send(io.netty.handler.codec.http.HttpMethod.GET, "/v1/device/identity", null, null).get(10, TimeUnit.SECONDS);
            assertEquals(200, me.status(), me::error);
            assertEquals(device.pluton().deviceId().hex(), me.body().path("DeviceId").asText());
        }
        // Without a certificate the same call is refused.
        try (ServiceConnection c = ServiceConnection.open(loops, clientTls, address()).get(10, TimeUnit.SECONDS)) {
            assertEquals(401, c.send(io.netty.handler.codec.http.HttpMethod.GET, "/v1/device/identity", null, null).get(10, TimeUnit.SECONDS).status());
        }
    }

    @Test
    void aClaimedDeviceReportsErrorsOverMutualTlsAndItsTenantReadsThem() throws Exception {
        Mt3620Device device = bootedDevice("device-r");
        String id = device.pluton().deviceId().hex();
        var tenant = service.store().createTenant("Reporters");
        service.store().claimDevice(tenant.id(), id);
        String token = service.store().issueToken(tenant.id(), io.sphaera.service.store.Role.READER);
        DeviceCertificate cert = new DeviceAuthentication(loops, clientTls, address()).authenticate(device).get(10, TimeUnit.SECONDS);
        ObjectNode report = json();
        report.putArray("Events").addObject().put("EventType", "Unplanned").put("EventClass", "AppExit")
                .put("EventCategory", "AppCrash").put("Description", "AppCrash (exit_status=11; signal_status=11; component_id=x)")
                .put("Count", 3).put("Start", NOW.minusSeconds(3600).toString()).put("End", NOW.toString());
        SslContext mutual = DeviceTls.mutual(workspace.vendor().root().certificateDer(), device.pluton(), cert);
        try (ServiceConnection c = ServiceConnection.open(loops, mutual, address()).get(10, TimeUnit.SECONDS)) {
            ServiceReply accepted = c.post("/v1/device/errorreports", report).get(10, TimeUnit.SECONDS);
            assertEquals(200, accepted.status(), accepted::error);
            assertEquals(1, accepted.body().path("Accepted").asInt());
            ServiceReply bad = c.post("/v1/device/errorreports", json().put("Events", "none")).get(10, TimeUnit.SECONDS);
            assertEquals(400, bad.status());
        }
        try (ServiceConnection c = ServiceConnection.open(loops, clientTls, address()).get(10, TimeUnit.SECONDS)) {
            assertEquals(401, c.post("/v1/device/errorreports", report).get(10, TimeUnit.SECONDS).status(), "a report needs the device certificate");
            ServiceReply read = c.send(io.netty.handler.codec.http.HttpMethod.GET, "/v2/tenants/" + tenant.id() + "/errorreports", null, token)
                    .get(10, TimeUnit.SECONDS);
            assertEquals(200, read.status(), read::error);
            assertEquals(id, read.body().path("Items").get(0).path("DeviceId").asText());
            assertEquals(3, read.body().path("Items").get(0).path("EventCount").asInt());
        }
    }

    @Test
    void anExpiredDeviceCertificateIsRefusedOnTheServicesClock(@TempDir Path data) throws Exception {
        Mt3620Device device = bootedDevice("device-x");
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(NOW);
        List<byte[]> images = new ArrayList<>();
        for (BootStage s : BootStage.values()) {
            images.add(workspace.release("25.02").images().get(s));
        }
        try (SecurityService timed = SecurityService.start(new SecurityService.Config(data, workspace.vendor().root(),
                workspace.vendor().manufacturingCa().certificateDer(), Map.of("25.02", images), new InetSocketAddress("127.0.0.1", 0)),
                now::get, RANDOMNESS.forParty("timed"), loops, loops)) {
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", timed.port());
            DeviceCertificate cert = new DeviceAuthentication(loops, clientTls, at).authenticate(device).get(10, TimeUnit.SECONDS);
            SslContext mutual = DeviceTls.mutual(workspace.vendor().root().certificateDer(), device.pluton(), cert);
            try (ServiceConnection c = ServiceConnection.open(loops, mutual, at).get(10, TimeUnit.SECONDS)) {
                assertEquals(200, c.send(io.netty.handler.codec.http.HttpMethod.GET, "/v1/device/identity", null, null)
                        .get(10, TimeUnit.SECONDS).status());
            }
            now.set(NOW.plusSeconds(25 * 3600));
            // Refused, whether the handshake is new (the trust manager) or the session is resumed (checked per request).
            try {
                ServiceConnection c = ServiceConnection.open(loops, mutual, at).get(10, TimeUnit.SECONDS);
                ServiceReply r = c.send(io.netty.handler.codec.http.HttpMethod.GET, "/v1/device/identity", null, null).get(10, TimeUnit.SECONDS);
                c.close();
                assertEquals(401, r.status(), "an expired device certificate was accepted");
            } catch (java.util.concurrent.ExecutionException refusedInTheHandshake) {
                assertTrue(refusedInTheHandshake.getCause() instanceof javax.net.ssl.SSLException
                        || refusedInTheHandshake.getCause() instanceof java.io.IOException, String.valueOf(refusedInTheHandshake.getCause()));
            }
        }
    }

    @Test
    void anotherDevicesCertificateIsUselessWithoutItsKey() throws Exception {
        Mt3620Device victim = bootedDevice("device-v");
        Mt3620Device thief = bootedDevice("device-t");
        DeviceCertificate stolen = new DeviceAuthentication(loops, clientTls, address()).authenticate(victim).get(10, TimeUnit.SECONDS);
        // The thief presents the victim's certificate, but its own Pluton signs the handshake with the thief's key:
        // the CertificateVerify does not match the certificate, and the service answers with a decrypt_error alert.
        SslContext forged = DeviceTls.mutual(workspace.vendor().root().certificateDer(), thief.pluton(), stolen);
        assertRefusedWithAlert(forged, "decrypt_error");
    }

    @Test
    void aDeviceCertificateFromACaTheServiceDoesNotTrustIsRefused() throws Exception {
        Mt3620Device device = bootedDevice("device-u");
        String id = device.pluton().deviceId().hex();
        // A well-formed certificate for the device's own identity key, whose Pluton signs the handshake, from a
        // self-made CA bearing the device CA's very name: only the signature tells it apart.
        CertificateAuthority impostor = CertificateAuthority.selfSigned(SigningKey.generate(new SplittableRandom(13)),
                "Sphaera Device CA", NOW.minusSeconds(3600), NOW.plusSeconds(365L * 86400), BigInteger.ONE);
        assertEquals(x509(service.pki().deviceCa().certificatePem()).getSubjectX500Principal(),
                x509(impostor.certificatePem()).getSubjectX500Principal());
        byte[] der = impostor.issue(device.pluton().identityPublicKey(), id, NOW.minusSeconds(300), NOW.plusSeconds(86400), BigInteger.TWO);
        DeviceCertificate made = new DeviceCertificate(CertificateAuthority.pem(der), List.of(impostor.certificatePem()),
                CertificateAuthority.pem(der), NOW.plusSeconds(86400));
        // DeviceClientTrust refuses it in the handshake ("signature does not verify"); through netty-tcnative that
        // reaches the device as an internal_error alert.
        assertRefusedWithAlert(DeviceTls.mutual(workspace.vendor().root().certificateDer(), device.pluton(), made), "internal_error");
    }

    @Test
    void theUpdateCertificateNamesTheDeviceComesFromTheUpdateCaAndLasts24Hours() throws Exception {
        Mt3620Device device = bootedDevice("device-g");
        String id = device.pluton().deviceId().hex();
        DeviceCertificate cert = new DeviceAuthentication(loops, clientTls, address()).authenticate(device).get(10, TimeUnit.SECONDS);
        X509Certificate update = x509(cert.updateCertificatePem());
        X509Certificate updateCa = x509(service.pki().updateCa().certificatePem());
        assertEquals("CN=" + id, update.getSubjectX500Principal().getName());
        assertEquals("CN=Sphaera Update CA", update.getIssuerX500Principal().getName());
        assertEquals(updateCa.getSubjectX500Principal(), update.getIssuerX500Principal());
        update.verify(updateCa.getPublicKey());
        // Issued on the service's clock: from 5 minutes before (clock skew) to 24 h after, like the device certificate.
        assertEquals(NOW.minusSeconds(300), update.getNotBefore().toInstant());
        assertEquals(NOW.plusSeconds(24 * 3600), update.getNotAfter().toInstant());
        assertEquals(cert.notAfter(), update.getNotAfter().toInstant());
        assertArrayEquals(device.pluton().identityPublicKey().encoded(), update.getPublicKey().getEncoded(), "on the identity key");
        // It is for the update service, not the device face: presented in mutual TLS it is refused.
        DeviceCertificate asDevice = new DeviceCertificate(cert.updateCertificatePem(), List.of(CertificateAuthority.pem(updateCa.getEncoded())),
                cert.updateCertificatePem(), cert.notAfter());
        assertRefusedWithAlert(DeviceTls.mutual(workspace.vendor().root().certificateDer(), device.pluton(), asDevice), "internal_error");
    }

    /**
     * A client certificate the service refuses. In TLS 1.3 the client's handshake is done before the service judges
     * its certificate, so the refusal is a fatal alert that ends the connection right after: a client listening for
     * it gets exactly {@code alert}, and a request sent meanwhile is never answered (it fails with that alert, or on
     * the engine or channel the alert closed, depending on which comes first).
     */
    private static void assertRefusedWithAlert(SslContext tls, String alert) throws Exception {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        SslHandler[] ssl = new SslHandler[1];
        new Bootstrap().group(loops).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ssl[0] = tls.newHandler(ch.alloc(), "127.0.0.1", service.port());
                ch.pipeline().addLast(ssl[0], new ChannelInboundHandlerAdapter() {
                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        ended.complete(cause);
                        ctx.close();
                    }

                    @Override
                    public void channelInactive(ChannelHandlerContext ctx) {
                        ended.complete(null);
                    }
                });
            }
        }).connect(address()).sync();
        Throwable cause = ended.get(10, TimeUnit.SECONDS);
        assertTrue(ssl[0].handshakeFuture().isSuccess(), "the client's side of the handshake completes first");
        assertTrue(cause instanceof DecoderException && cause.getCause() instanceof SSLException, String.valueOf(cause));
        assertTrue(cause.getCause().getMessage().toLowerCase(Locale.ROOT).contains(alert), cause.getCause().getMessage());

        ServiceConnection c = ServiceConnection.open(loops, tls, address()).get(10, TimeUnit.SECONDS);
        try {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> c.send(HttpMethod.GET, "/v1/device/identity", null, null).get(10, TimeUnit.SECONDS));
            Throwable why = refused.getCause() instanceof DecoderException ? refused.getCause().getCause() : refused.getCause();
            assertTrue(why instanceof SSLException || why instanceof ClosedChannelException, String.valueOf(refused.getCause()));
        } finally {
            c.close();
        }
    }

    @Test
    void aClaimedDeviceGetsItsCertificateFromItsTenantsCa() throws Exception {
        Mt3620Device device = bootedDevice("device-e");
        String id = device.pluton().deviceId().hex();
        var tenant = service.store().createTenant("Contoso");
        service.store().claimDevice(tenant.id(), id);
        DeviceCertificate cert = new DeviceAuthentication(loops, clientTls, address()).authenticate(device).get(10, TimeUnit.SECONDS);
        assertTrue(x509(cert.certificatePem()).getIssuerX500Principal().getName().contains("Sphaera Tenant CA Contoso"));
        assertEquals("25.02", service.store().lastAttestation(id).orElseThrow().osVersion());
    }

    @Test
    void aRestartedServiceKeepsItsTenantsClaimsAndCas(@TempDir Path data) throws Exception {
        Mt3620Device device = bootedDevice("device-f");
        String id = device.pluton().deviceId().hex();
        String issuerBefore;
        try (SecurityService first = startService(data)) {
            var tenant = first.store().createTenant("Fabrikam");
            first.store().claimDevice(tenant.id(), id);
            issuerBefore = new DeviceAuthentication(loops, clientTls, new InetSocketAddress("127.0.0.1", first.port()))
                    .authenticate(device).get(10, TimeUnit.SECONDS).chainPem().get(0);
        }
        try (SecurityService second = startService(data)) {
            assertTrue(second.store().deviceOwner(id).isPresent(), "the claim survived the restart");
            DeviceCertificate again = new DeviceAuthentication(loops, clientTls, new InetSocketAddress("127.0.0.1", second.port()))
                    .authenticate(device).get(10, TimeUnit.SECONDS);
            assertEquals(issuerBefore, again.chainPem().get(0), "the same tenant CA issues after a restart");
        }
    }

    private static SecurityService startService(Path data) throws Exception {
        List<byte[]> images = new ArrayList<>();
        for (BootStage s : BootStage.values()) {
            images.add(workspace.release("25.02").images().get(s));
        }
        return SecurityService.start(new SecurityService.Config(data, workspace.vendor().root(),
                workspace.vendor().manufacturingCa().certificateDer(), Map.of("25.02", images), new InetSocketAddress("127.0.0.1", 0)),
                CLOCK, RANDOMNESS.forParty("service-" + data.getFileName()), loops, loops);
    }

    private static X509Certificate x509(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void replayedEvidenceAndAnotherDevicesCertificateAreRefused() throws Exception {
        Mt3620Device device = bootedDevice("device-b");
        Mt3620Device other = bootedDevice("device-c");
        String id = device.pluton().deviceId().hex();
        try (ServiceConnection c = ServiceConnection.open(loops, clientTls, address()).get(10, TimeUnit.SECONDS)) {
            ServiceReply challenge = c.post("/v1/device/challenge", json().put("DeviceId", id)).get(10, TimeUnit.SECONDS);
            assertEquals(200, challenge.status(), challenge::error);
            byte[] evidence = device.pluton().attest(Base64.getDecoder().decode(challenge.body().path("Nonce").asText()));
            ObjectNode wrongCertificate = attest(id, other.pluton().factoryCertificate().orElseThrow(), evidence);
            ServiceReply wrong = c.post("/v1/device/attest", wrongCertificate).get(10, TimeUnit.SECONDS);
            assertEquals(403, wrong.status());
            assertEquals("WRONG_DEVICE", wrong.body().path("code").asText());
            ObjectNode good = attest(id, device.pluton().factoryCertificate().orElseThrow(), evidence);
            assertEquals(200, c.post("/v1/device/attest", good).get(10, TimeUnit.SECONDS).status());
            ServiceReply replay = c.post("/v1/device/attest", good).get(10, TimeUnit.SECONDS);
            assertEquals(409, replay.status());
            assertEquals("STALE_NONCE", replay.body().path("code").asText());
        }
    }

    @Test
    void badRequestsGetA4xxWithAReasonAndTheServerGoesOn() throws Exception {
        try (ServiceConnection c = ServiceConnection.open(loops, clientTls, address()).get(10, TimeUnit.SECONDS)) {
            ServiceReply notFound = c.post("/v1/nowhere", json()).get(10, TimeUnit.SECONDS);
            assertEquals(404, notFound.status());
            ServiceReply missing = c.post("/v1/device/challenge", json()).get(10, TimeUnit.SECONDS);
            assertEquals(400, missing.status());
            assertTrue(missing.error().contains("DeviceId"), missing.error());
            ServiceReply badId = c.post("/v1/device/challenge", json().put("DeviceId", "abc")).get(10, TimeUnit.SECONDS);
            assertEquals(400, badId.status());
            ServiceReply notBase64 = c.post("/v1/device/attest", json().put("DeviceId", "a".repeat(128))
                    .put("FactoryCertificate", "%%%").put("Evidence", "")).get(10, TimeUnit.SECONDS);
            assertEquals(400, notBase64.status());
            ServiceReply garbage = c.post("/v1/device/attest", attest("a".repeat(128), new byte[] {1, 2, 3}, new byte[] {4})).get(10, TimeUnit.SECONDS);
            assertEquals(400, garbage.status());
        }
        // And a device still attests afterwards.
        Mt3620Device device = bootedDevice("device-d");
        new DeviceAuthentication(loops, clientTls, address()).authenticate(device).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aClientCheckingAnotherNameCannotConnect() throws Exception {
        // Reaches the service on 127.0.0.1, but expects a server named otherwise: its certificate names localhost,
        // 127.0.0.1 and ::1 only.
        InetSocketAddress misnamed = new InetSocketAddress(java.net.InetAddress.getByAddress("update.example", new byte[] {127, 0, 0, 1}),
                service.port());
        var opened = ServiceConnection.open(loops, clientTls, misnamed);
        try {
            opened.get(10, TimeUnit.SECONDS).close();
            throw new AssertionError("the service's certificate was accepted for a name it does not carry");
        } catch (java.util.concurrent.ExecutionException expected) {
            assertTrue(expected.getCause() instanceof javax.net.ssl.SSLException, String.valueOf(expected.getCause()));
        }
    }

    @Test
    void aClientThatDoesNotTrustTheRootCannotConnect() throws Exception {
        SslContext stranger = ServiceTls.client(io.sphaera.firmware.signing.CertificateAuthority.selfSigned(
                io.sphaera.firmware.signing.SigningKey.generate(new java.util.SplittableRandom(1)), "Stranger", NOW, NOW.plusSeconds(3600),
                java.math.BigInteger.ONE).certificateDer());
        var opened = ServiceConnection.open(loops, stranger, address());
        try {
            opened.get(10, TimeUnit.SECONDS).close();
            throw new AssertionError("a TLS handshake with an untrusted server certificate succeeded");
        } catch (java.util.concurrent.ExecutionException expected) {
            assertTrue(expected.getCause() instanceof javax.net.ssl.SSLException, String.valueOf(expected.getCause()));
        }
    }

    private static ObjectNode json() {
        return ServiceConnection.json().createObjectNode();
    }

    private static ObjectNode attest(String id, byte[] certificate, byte[] evidence) {
        return json().put("DeviceId", id).put("FactoryCertificate", Base64.getEncoder().encodeToString(certificate))
                .put("Evidence", Base64.getEncoder().encodeToString(evidence));
    }
}
