package io.sphaera.service.attestation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.pluton.evidence.AttestationEvidence;
import io.sphaera.pluton.evidence.EvidenceCodec;
import io.sphaera.service.attestation.AttestationException.Reason;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service's side of device attestation, against evidence made exactly as Pluton makes it. */
class DeviceAttestationTest {
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private static final SplittableRandom SEEDS = new SplittableRandom(1);
    private static final CertificateAuthority ROOT = CertificateAuthority.selfSigned(SigningKey.generate(SEEDS.split()), "Root",
            T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(3650)), BigInteger.ONE);
    private static final CertificateAuthority MANUFACTURING = ROOT.issueAuthority(SigningKey.generate(SEEDS.split()), "Manufacturing CA",
            T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(3650)), BigInteger.TWO);
    private static final List<byte[]> RELEASE = List.of(image(ImageKind.PLUTON_RUNTIME, "runtime"),
            image(ImageKind.SECURITY_MONITOR, "monitor"), image(ImageKind.NORMAL_WORLD_KERNEL, "os"));

    private Instant now = T0;
    private final InstantSource clock = () -> now;
    private ChallengeBook challenges;
    private DeviceAttestation attestation;

    /** A device: its identity key and factory certificate. */
    private record Device(SigningKey key, String id, byte[] certificate) {
        static Device make(CertificateAuthority issuer, long seed) {
            SigningKey key = SigningKey.generate(new SplittableRandom(seed));
            String id = HexFormat.of().formatHex(key.verificationKey().xy());
            return new Device(key, id, issuer.issue(key.verificationKey(), id, T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(365)),
                    BigInteger.valueOf(seed + 100)));
        }
    }

    private static byte[] image(ImageKind kind, String name) {
        return new ImagePackageBuilder(kind, UUID.nameUUIDFromBytes(name.getBytes())).imageId(UUID.nameUUIDFromBytes((name + 1).getBytes()))
                .buildTime(T0).addFile("payload", (name + " payload").repeat(100).getBytes(), false)
                .sign(SigningKey.generate(new SplittableRandom(name.hashCode())));
    }

    private static byte[] extend(byte[] register, byte[] image) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(image, 0, image.length - 64);
        byte[] digest = sha.digest();
        sha.update(register);
        sha.update(digest);
        return sha.digest();
    }

    /** Evidence as Pluton signs it, with the registers a boot of {@code images} gives. */
    private static byte[] evidence(Device d, byte[] nonce, List<byte[]> images, String os) throws Exception {
        List<byte[]> registers = new ArrayList<>(List.of(extend(extend(new byte[32], images.get(0)), images.get(1)),
                extend(new byte[32], images.get(2)), new byte[32], new byte[32]));
        byte[] body = EvidenceCodec.encode(new AttestationEvidence(d.id(), nonce, registers, new byte[32], os, List.of()));
        byte[] sig = d.key().sign(body, 0, body.length);
        byte[] out = Arrays.copyOf(body, body.length + 64);
        System.arraycopy(sig, 0, out, body.length, 64);
        return out;
    }

    @BeforeEach
    void setUp() throws Exception {
        challenges = new ChallengeBook(clock, new SplittableRandom(7));
        KnownGoodReleases releases = new KnownGoodReleases();
        releases.add("25.02", RELEASE);
        attestation = new DeviceAttestation(new FactoryCertificates(MANUFACTURING.certificateDer(), clock), challenges, releases);
    }

    private Reason refusal(Device d, byte[] certificate, byte[] evidence) {
        return assertThrows(AttestationException.class, () -> attestation.attest(d.id(), certificate, evidence)).reason();
    }

    @Test
    void theCertificatesAreAnsweredOnlyOnceTheAttestationIsLoggedAndTheLogHasTheirSerial(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        io.sphaera.service.pki.ServicePki pki = io.sphaera.service.pki.ServicePki.open(dir, ROOT, clock, new SplittableRandom(3));
        java.util.concurrent.CompletableFuture<Void> durable = new java.util.concurrent.CompletableFuture<>();
        List<BigInteger> logged = new ArrayList<>();
        DeviceAuthority authority = new DeviceAuthority(challenges, attestation,
                new io.sphaera.service.pki.DeviceCertificates(pki, clock, new SplittableRandom(4)), pki.deviceCa(),
                id -> java.util.Optional.empty(), (id, os, serial) -> {
                    logged.add(serial);
                    return durable;
                });
        Device d = Device.make(MANUFACTURING, 9);
        byte[] e = evidence(d, authority.challenge(d.id()).nonce(), RELEASE, "25.02");
        var answer = authority.attest(d.id(), d.certificate(), e, issued -> issued);
        assertEquals(1, logged.size());
        org.junit.jupiter.api.Assertions.assertFalse(answer.isDone(), "answered before the attestation was logged");
        durable.complete(null);
        var issued = answer.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(logged.get(0), new org.bouncycastle.cert.X509CertificateHolder(issued.deviceCertificate()).getSerialNumber());
        assertEquals(issued.deviceCertificateSerial(), logged.get(0));
    }

    @Test
    void aGenuineDeviceRunningKnownSoftwareAttestsOnceperChallenge() throws Exception {
        Device d = Device.make(MANUFACTURING, 1);
        byte[] e = evidence(d, challenges.issue(d.id()).nonce(), RELEASE, "25.02");
        assertEquals("25.02", attestation.attest(d.id(), d.certificate(), e).evidence().osVersion());
        assertEquals(Reason.STALE_NONCE, refusal(d, d.certificate(), e), "replayed evidence");
    }

    @Test
    void aNonceIsForOneDeviceAndExpires() throws Exception {
        Device a = Device.make(MANUFACTURING, 2);
        Device b = Device.make(MANUFACTURING, 3);
        assertEquals(Reason.STALE_NONCE, refusal(b, b.certificate(), evidence(b, challenges.issue(a.id()).nonce(), RELEASE, "25.02")));
        byte[] late = evidence(a, challenges.issue(a.id()).nonce(), RELEASE, "25.02");
        now = now.plus(ChallengeBook.LIFETIME);
        assertEquals(Reason.STALE_NONCE, refusal(a, a.certificate(), late));
        assertEquals(Reason.STALE_NONCE, refusal(a, a.certificate(), evidence(a, new byte[32], RELEASE, "25.02")), "never issued");
    }

    @Test
    void aDeviceCannotAttestAsAnother() throws Exception {
        Device victim = Device.make(MANUFACTURING, 4);
        Device attacker = Device.make(MANUFACTURING, 5);
        byte[] nonce = challenges.issue(victim.id()).nonce();
        // The victim's certificate with the attacker's signature, and the attacker's certificate under the victim's ID.
        assertEquals(Reason.BAD_EVIDENCE, refusal(victim, victim.certificate(), evidence(new Device(attacker.key(), victim.id(),
                victim.certificate()), nonce, RELEASE, "25.02")));
        assertEquals(Reason.WRONG_DEVICE, refusal(victim, attacker.certificate(), evidence(attacker, nonce, RELEASE, "25.02")));
        // A forged request did not spend the victim's challenge.
        attestation.attest(victim.id(), victim.certificate(), evidence(victim, nonce, RELEASE, "25.02"));
    }

    @Test
    void certificatesNotFromTheManufacturingCaOrExpiredAreRefused() throws Exception {
        CertificateAuthority rogue = CertificateAuthority.selfSigned(SigningKey.generate(new SplittableRandom(9)), "Manufacturing CA",
                T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(3650)), BigInteger.TEN);
        Device forged = Device.make(rogue, 6);
        assertEquals(Reason.UNTRUSTED_CERTIFICATE, refusal(forged, forged.certificate(),
                evidence(forged, challenges.issue(forged.id()).nonce(), RELEASE, "25.02")));
        Device d = Device.make(MANUFACTURING, 7);
        now = T0.plus(Duration.ofDays(400));
        assertEquals(Reason.UNTRUSTED_CERTIFICATE, refusal(d, d.certificate(), evidence(d, challenges.issue(d.id()).nonce(), RELEASE, "25.02")));
        now = T0;
        assertEquals(Reason.MALFORMED, refusal(d, new byte[] {1, 2, 3}, evidence(d, challenges.issue(d.id()).nonce(), RELEASE, "25.02")));
    }

    @Test
    void unknownSoftwareIsRefused() throws Exception {
        Device d = Device.make(MANUFACTURING, 8);
        List<byte[]> patched = List.of(RELEASE.get(0), RELEASE.get(1), image(ImageKind.NORMAL_WORLD_KERNEL, "patched os"));
        assertEquals(Reason.UNKNOWN_SOFTWARE, refusal(d, d.certificate(), evidence(d, challenges.issue(d.id()).nonce(), patched, "25.02")));
        assertEquals(Reason.UNKNOWN_SOFTWARE, refusal(d, d.certificate(), evidence(d, challenges.issue(d.id()).nonce(), RELEASE, "99.99")));
    }

    @Test
    void everyChangedByteOfTheEvidenceIsRefused() throws Exception {
        Device d = Device.make(MANUFACTURING, 9);
        for (int i = 0; i < 400; i += 3) {
            byte[] e = evidence(d, challenges.issue(d.id()).nonce(), RELEASE, "25.02");
            if (i >= e.length) {
                break;
            }
            e[i] ^= 0x01;
            try {
                attestation.attest(d.id(), d.certificate(), e);
                fail("evidence with byte " + i + " changed was accepted");
            } catch (AttestationException expected) {
                // Refused, as it must be.
            }
        }
    }
}
