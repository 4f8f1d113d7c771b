package io.sphaera.benchmarks;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sphaera.emulator.device.DeviceSeams;
import io.sphaera.emulator.device.Factory;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.network.DeviceAuthentication;
import io.sphaera.emulator.network.DeviceCertificate;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.firmware.signing.VerificationKey;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.fuse.ManufacturingState;
import io.sphaera.service.SecurityService;
import io.sphaera.service.http.ServiceTls;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The fleet harness's attestation rate: N booted devices attest at once to a service in this process over TLS on
 * loopback (a new connection each, challenge, evidence, certificates, the store's log), beside the raw crypto of
 * the same attestations measured in the same run (per attestation: 2 ECDSA verifies, 2 certificate issues, and the
 * device's evidence signature). Both are given per core of this machine.
 */
public final class FleetAttestation {
    public record Result(int devices, double attestationsPerSecond, double rawPerSecond, int cores) {
    }

    private FleetAttestation() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println(measure(args.length > 0 ? Integer.parseInt(args[0]) : 2000));
    }

    public static Result measure(int n) throws Exception {
        Path dir = Files.createTempDirectory("sphaera-fleet-attest");
        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        InstantSource clock = InstantSource.fixed(now);
        SeededRandomness randomness = new SeededRandomness(3);
        Workspace w = Workspace.create(dir.resolve("ws"), clock, randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(64 * 1024, 32 * 1024, 128 * 1024));
        SystemRelease release = w.release("25.02");
        List<byte[]> images = new ArrayList<>();
        for (BootStage s : BootStage.values()) {
            images.add(release.images().get(s));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(cores, NioIoHandler.newFactory());
        try (SecurityService service = SecurityService.start(new SecurityService.Config(dir.resolve("service"), w.vendor().root(),
                w.vendor().manufacturingCa().certificateDer(), Map.of("25.02", images), new InetSocketAddress("127.0.0.1", 0)),
                clock, randomness.forParty("service"), loops, loops)) {
            Factory factory = new Factory(w.vendor(), release, w.trustedKeyStoreImage());
            List<Mt3620Device> fleet = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                DeviceSeams seams = new DeviceSeams(clock, loops.next(), randomness.forParty("d" + i), () -> 0L);
                Mt3620Device d = factory.manufacture(NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE), seams,
                        ManufacturingState.DEVICE_COMPLETE);
                d.powerOn().get(10, TimeUnit.SECONDS);
                fleet.add(d);
            }
            DeviceAuthentication auth = new DeviceAuthentication(loops, ServiceTls.client(w.vendor().root().certificateDer()),
                    new InetSocketAddress("127.0.0.1", service.port()));
            // Warm up the JIT on a tenth of the fleet, then time the rest.
            int warm = Math.max(1, n / 10);
            attestAll(auth, fleet.subList(0, warm));
            long start = System.nanoTime();
            attestAll(auth, fleet.subList(warm, n));
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = (n - warm) / seconds;
            return new Result(n - warm, rate / cores, rawRate(w) / 1, cores);
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static void attestAll(DeviceAuthentication auth, List<Mt3620Device> devices) throws Exception {
        List<CompletableFuture<DeviceCertificate>> all = new ArrayList<>();
        for (Mt3620Device d : devices) {
            all.add(auth.authenticate(d));
        }
        for (CompletableFuture<DeviceCertificate> f : all) {
            f.get(5, TimeUnit.MINUTES);
        }
    }

    /** One core's rate of the raw crypto one attestation needs: 2 verifies, 2 issues, 1 evidence signature. */
    private static double rawRate(Workspace w) throws Exception {
        SigningKey device = SigningKey.generate(new SplittableRandom(7));
        CertificateAuthority issuer = w.vendor().manufacturingCa();
        VerificationKey caKey = issuer.key().verificationKey();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(new byte[256]);
        byte[] sig = issuer.key().signDigest(digest);
        Instant t = Instant.parse("2026-11-26T12:00:00Z");
        int rounds = 3000;
        for (int warm = 0; warm < 2; warm++) {
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                caKey.verifyDigest(digest, sig);
                VerificationKey.fromEncoded(device.verificationKey().encoded()).verifyDigest(digest, sig);
                issuer.issue(device.verificationKey(), "x", t, t.plusSeconds(86400), BigInteger.TEN);
                issuer.issue(device.verificationKey(), "y", t, t.plusSeconds(86400), BigInteger.TWO);
                device.signDigest(digest);
            }
            if (warm == 1) {
                return rounds / ((System.nanoTime() - start) / 1e9);
            }
        }
        throw new IllegalStateException();
    }
}
