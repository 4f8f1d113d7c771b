package io.sphaera.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.service.SecurityService;
import io.sphaera.service.http.ServiceTls;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Devices made by `sphaera device create` boot and attest to a real security service over TLS on loopback. */
class DeviceAttestCliTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-26T12:00:00Z"));

    @TempDir
    static Path dir;
    private static EventLoopGroup loops;
    private static SecurityService service;
    private static Workspace workspace;
    private static String url;
    private static List<String> devices;

    @BeforeAll
    static void start() throws Exception {
        loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        SeededRandomness randomness = new SeededRandomness(31);
        workspace = Workspace.create(dir.resolve("ws"), CLOCK, randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        SystemRelease release = workspace.release("25.02");
        List<byte[]> images = release.imagesInBootOrder();
        service = SecurityService.start(new SecurityService.Config(dir.resolve("service"), workspace.vendor().root(),
                workspace.vendor().manufacturingCa().certificateDer(), Map.of("25.02", images), new InetSocketAddress("127.0.0.1", 0)),
                CLOCK, randomness.forParty("service"), loops, loops);
        url = "https://127.0.0.1:" + service.port();
        CliRun.Result made = run("device", "create", "--count", "2");
        assertEquals(0, made.code(), made::toString);
        devices = made.out().lines().map(l -> l.split(" ")[1]).toList();
    }

    @AfterAll
    static void stop() {
        service.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static CliRun.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--workspace");
        all.add(workspace.root().toString());
        return CliRun.run(CLOCK, new SplittableRandom(5), all.toArray(String[]::new));
    }

    @Test
    void aDeviceFromTheWorkspaceAttestsAndGetsItsCertificate() throws Exception {
        Path pem = dir.resolve("device.pem");
        CliRun.Result r = run("device", "attest", "-d", devices.get(0), "--service", url, "--destination", pem.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("attested to " + url), r::toString);
        assertTrue(r.out().contains("valid until: 2026-11-27T12:00:00Z"), r::toString);
        assertTrue(r.out().contains("Sphaera Device CA"), r::toString);
        X509Certificate cert = ServiceTls.certificate(java.util.Base64.getMimeDecoder().decode(
                Files.readString(pem).split("-----END CERTIFICATE-----")[0].replaceAll("-----[A-Z ]+-----", "")));
        assertTrue(cert.getSubjectX500Principal().getName().startsWith("CN=" + devices.get(0)), cert.getSubjectX500Principal()::getName);
        assertTrue(service.store().lastAttestation(cert.getSubjectX500Principal().getName().substring(3)).isPresent(),
                "the service logged it");
    }

    @Test
    void aServiceThatIsNotThereIsOneLineAndChangesNothing() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        CliRun.Result r = run("device", "attest", "-d", devices.get(1), "--service", "https://127.0.0.1:" + free);
        assertEquals(ExitCode.INVALID_INPUT, r.code(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().contains("cannot attest to the security service at https://127.0.0.1:" + free), r::toString);
        assertEquals(0, run("device", "boot", "-d", devices.get(1)).code(), "the device is as it was");
    }

    @Test
    void aServiceThatDoesNotKnowTheDevicesSoftwareRefusesIt() throws Exception {
        EventLoopGroup other = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        // The same vendor, but a service that knows no OS release: the device's measurements are unknown to it.
        try (SecurityService strict = SecurityService.start(new SecurityService.Config(dir.resolve("strict"), workspace.vendor().root(),
                workspace.vendor().manufacturingCa().certificateDer(), Map.of(), new InetSocketAddress("127.0.0.1", 0)),
                CLOCK, new SeededRandomness(32).forParty("service"), other, other)) {
            CliRun.Result r = run("device", "attest", "-d", devices.get(1), "--service", "https://127.0.0.1:" + strict.port());
            assertEquals(ExitCode.VERIFICATION_FAILED, r.code(), r::toString);
            assertTrue(r.err().contains("refused (403)"), r::toString);
        } finally {
            other.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        CliRun.Result r = run("device", "attest", "-d", devices.get(0), "--service", "http://127.0.0.1:1");
        assertEquals(ExitCode.INVALID_INPUT, r.code(), r::toString);
        assertTrue(r.err().contains("is not an https://HOST[:PORT] URL"), r::toString);
        r = run("device", "attest", "-d", "ffff", "--service", url);
        assertTrue(r.code() != 0 && r.err().lines().count() == 1, r::toString);
    }
}
