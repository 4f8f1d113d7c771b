package io.sphaera.benchmarks;

import io.sphaera.emulator.device.DeviceSeams;
import io.sphaera.emulator.device.Factory;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.sim.VirtualClock;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.firmware.signing.VerificationKey;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.fuse.ManufacturingState;
import io.sphaera.service.attestation.ChallengeBook;
import io.sphaera.service.attestation.DeviceAttestation;
import io.sphaera.service.attestation.DeviceAuthority;
import io.sphaera.service.attestation.FactoryCertificates;
import io.sphaera.service.attestation.KnownGoodReleases;
import io.sphaera.service.pki.DeviceCertificates;
import io.sphaera.service.pki.ServicePki;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The service's side of one device attestation (factory certificate check, evidence check, nonce, measurements,
 * device and update certificates issued), beside the raw crypto of the same work in the same run: two ECDSA
 * verifies (one with the kept CA key, one with a freshly decoded device key) and two certificate issues.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AttestationBenchmark {
    // Each attestation spends its nonce, so every invocation needs fresh evidence: enough for 3 warm-up and 6 measured
    // one-second iterations at several thousand a second.
    private static final int POOL = 60_000;
    private DeviceAuthority authority;
    private ChallengeBook challenges;
    private String deviceId;
    private byte[] factoryCertificate;
    private final List<byte[]> evidences = new ArrayList<>();
    private int next;
    private VerificationKey caKey;
    private byte[] caSignedDigest;
    private byte[] caSignature;
    private byte[] deviceKeyDer;
    private CertificateAuthority issuer;
    private SigningKey subject;

    @Setup
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("sphaera-attest");
        Instant now = Instant.parse("2026-11-26T12:00:00Z");
        InstantSource clock = InstantSource.fixed(now);
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler(new VirtualClock(now));
        SeededRandomness randomness = new SeededRandomness(5);
        Workspace w = Workspace.create(dir.resolve("ws"), clock, randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(64 * 1024, 32 * 1024, 128 * 1024));
        SystemRelease release = w.release("25.02");
        Mt3620Device device = new Factory(w.vendor(), release, w.trustedKeyStoreImage()).manufacture(
                NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE),
                new DeviceSeams(clock, scheduler, randomness.forParty("device"), () -> 0L), ManufacturingState.DEVICE_COMPLETE);
        var booted = device.powerOn();
        scheduler.runUntilIdle(Duration.ofHours(1));
        booted.join();
        deviceId = device.pluton().deviceId().hex();
        factoryCertificate = device.pluton().factoryCertificate().orElseThrow();

        KnownGoodReleases releases = new KnownGoodReleases();
        List<byte[]> images = release.imagesInBootOrder();
        releases.add("25.02", images);
        ServicePki pki = ServicePki.open(dir.resolve("pki"), w.vendor().root(), clock, randomness.forParty("service"));
        challenges = new ChallengeBook(clock, new SplittableRandom(9));
        authority = new DeviceAuthority(challenges, new DeviceAttestation(new FactoryCertificates(
                w.vendor().manufacturingCa().certificateDer(), clock), challenges, releases),
                new DeviceCertificates(pki, clock, new SplittableRandom(10)), pki.deviceCa(), id -> Optional.empty(),
                (id, os, serial) -> java.util.concurrent.CompletableFuture.completedFuture(null));
        for (int i = 0; i < POOL; i++) {
            evidences.add(device.pluton().attest(challenges.issue(deviceId).nonce()));
        }

        // Raw work: the same shapes of verify and issue.
        caKey = w.vendor().manufacturingCa().key().verificationKey();
        caSignedDigest = MessageDigest.getInstance("SHA-256").digest(factoryCertificate);
        caSignature = w.vendor().manufacturingCa().key().signDigest(caSignedDigest);
        deviceKeyDer = device.pluton().identityPublicKey().encoded();
        issuer = pki.deviceCa();
        subject = SigningKey.generate(new SplittableRandom(11));
    }

    @Benchmark
    public Object attest() throws Exception {
        byte[] evidence = evidences.get(next++ % POOL);
        return authority.attest(deviceId, factoryCertificate, evidence, issued -> issued).join();
    }

    @Benchmark
    public Object rawVerifiesAndIssues() throws Exception {
        boolean ok = caKey.verifyDigest(caSignedDigest, caSignature);
        VerificationKey fresh = VerificationKey.fromEncoded(deviceKeyDer);
        ok &= !fresh.verifyDigest(caSignedDigest, caSignature);
        Instant t = Instant.parse("2026-11-26T12:00:00Z");
        byte[] a = issuer.issue(subject.verificationKey(), deviceId, t, t.plusSeconds(86400), BigInteger.TEN);
        byte[] b = issuer.issue(subject.verificationKey(), deviceId, t, t.plusSeconds(86400), BigInteger.TWO);
        return ok ? a.length + b.length : -1;
    }
}
