package io.sphaera.firmware.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.CertifiedKey;
import io.sphaera.firmware.signing.SigningKey;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A device that trusts only its root: it accepts manifests signed by the update authority the root certified, and
 * nothing signed by another of the root's authorities, another root's, or with a certificate out of date.
 */
class UpdateAuthorityTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final String DEVICE = "ab".repeat(64);
    private final SplittableRandom random = new SplittableRandom(11);
    private final CertificateAuthority root = CertificateAuthority.selfSigned(SigningKey.generate(random), "Sphaera Vendor Root CA",
            NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650)), BigInteger.ONE);
    private final UpdateManifestVerifier device = new UpdateManifestVerifier(List.of(),
            new UpdateAuthority(root.key().verificationKey(), "Sphaera Update CA"));
    private final UpdateManifest manifest = new UpdateManifest(DEVICE, 1, NOW, NOW.plus(Duration.ofDays(7)), Optional.empty(), Map.of());

    private CertifiedKey authority(CertificateAuthority issuer, String name, Instant from, Instant to) {
        CertificateAuthority ca = issuer.issueAuthority(SigningKey.generate(random), name, from, to, BigInteger.TWO);
        return new CertifiedKey(ca.key(), ca.certificateDer());
    }

    private UpdateManifestVerifier.Expectations now() {
        return new UpdateManifestVerifier.Expectations(DEVICE, 0, null, NOW);
    }

    private String refusal(byte[] envelope) {
        return assertThrows(UpdateManifestException.class, () -> device.verify(envelope, now())).getMessage();
    }

    @Test
    void theUpdateAuthorityTheRootCertifiedIsTrustedThroughItsCertificate() throws Exception {
        CertifiedKey updates = authority(root, "Sphaera Update CA", NOW.minusSeconds(60), NOW.plus(Duration.ofDays(365)));
        assertEquals(manifest, device.verify(UpdateManifestCodec.sign(manifest, updates), now()).manifest());
        assertEquals("update manifest: not signed by a key this device trusts for updates",
                refusal(UpdateManifestCodec.sign(manifest, updates.key())), "without its certificate the key is a stranger's");
    }

    @Test
    void anotherOfTheRootsAuthoritiesAnotherRootsOrAnOutOfDateCertificateIsRefused() {
        CertifiedKey manufacturing = authority(root, "Sphaera Manufacturing CA", NOW.minusSeconds(60), NOW.plus(Duration.ofDays(365)));
        assertEquals("update manifest: signed by 'Sphaera Manufacturing CA', not the update authority",
                refusal(UpdateManifestCodec.sign(manifest, manufacturing)));

        CertificateAuthority otherRoot = CertificateAuthority.selfSigned(SigningKey.generate(random), "Sphaera Vendor Root CA",
                NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650)), BigInteger.ONE);
        assertEquals("update manifest: its certificate was not issued by this device's root",
                refusal(UpdateManifestCodec.sign(manifest, authority(otherRoot, "Sphaera Update CA", NOW.minusSeconds(60),
                        NOW.plus(Duration.ofDays(365))))));

        CertifiedKey expired = authority(root, "Sphaera Update CA", NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1)));
        assertTrue(refusal(UpdateManifestCodec.sign(manifest, expired)).startsWith("update manifest: its certificate is not valid at"));
    }

    @Test
    void aCertificateAcceptedBeforeIsStillJudgedOnItsDatesAndAnotherRootsTwinStillRefused() throws Exception {
        CertifiedKey updates = authority(root, "Sphaera Update CA", NOW.minusSeconds(60), NOW.plus(Duration.ofDays(30)));
        byte[] envelope = UpdateManifestCodec.sign(manifest, updates);
        assertEquals(manifest, device.verify(envelope, now()).manifest());
        assertEquals(manifest, device.verify(envelope, now()).manifest(), "accepted again");
        UpdateManifest later = new UpdateManifest(DEVICE, 2, NOW.plus(Duration.ofDays(31)), NOW.plus(Duration.ofDays(38)), Optional.empty(),
                Map.of());
        String refused = assertThrows(UpdateManifestException.class, () -> device.verify(UpdateManifestCodec.sign(later, updates),
                new UpdateManifestVerifier.Expectations(DEVICE, 1, null, NOW.plus(Duration.ofDays(31))))).getMessage();
        assertTrue(refused.startsWith("update manifest: its certificate is not valid at"), refused);
        assertTrue(assertThrows(UpdateManifestException.class, () -> device.verify(envelope,
                new UpdateManifestVerifier.Expectations(DEVICE, 0, null, NOW.minusSeconds(120)))).getMessage()
                .startsWith("update manifest: its certificate is not valid at"), "nor before it is valid");

        CertificateAuthority otherRoot = CertificateAuthority.selfSigned(SigningKey.generate(random), "Sphaera Vendor Root CA",
                NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650)), BigInteger.ONE);
        assertEquals("update manifest: its certificate was not issued by this device's root",
                refusal(UpdateManifestCodec.sign(manifest, authority(otherRoot, "Sphaera Update CA", NOW.minusSeconds(60),
                        NOW.plus(Duration.ofDays(30))))));
        assertEquals(manifest, device.verify(envelope, now()).manifest(), "and the genuine one still accepted");
    }

    @Test
    void aGenuineCertificateDoesNotLendItsTrustToAnotherKeysSignature() {
        CertifiedKey updates = authority(root, "Sphaera Update CA", NOW.minusSeconds(60), NOW.plus(Duration.ofDays(365)));
        CertifiedKey borrowed = new CertifiedKey(SigningKey.generate(random), updates.certificateDer());
        assertEquals("update manifest: not signed by a key this device trusts for updates",
                refusal(UpdateManifestCodec.sign(manifest, borrowed)));
    }

    @Test
    void everyFlippedByteOfACertifiedEnvelopeIsRefusedOrReadsTheSame() throws Exception {
        CertifiedKey updates = authority(root, "Sphaera Update CA", NOW.minusSeconds(60), NOW.plus(Duration.ofDays(365)));
        byte[] envelope = UpdateManifestCodec.sign(manifest, updates);
        device.verify(envelope, now()); // accepted once: the flipped certificates must not pass as the remembered one
        for (int at = 0; at < envelope.length; at++) {
            byte[] flipped = envelope.clone();
            flipped[at] ^= 0x01;
            try {
                assertEquals(manifest, device.verify(flipped, now()).manifest(), "flip at " + at);
            } catch (UpdateManifestException refused) {
                assertTrue(!refused.getMessage().isBlank() && !refused.getMessage().contains("\n"), refused.getMessage());
            }
        }
    }
}
