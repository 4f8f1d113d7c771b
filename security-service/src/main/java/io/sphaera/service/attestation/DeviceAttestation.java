package io.sphaera.service.attestation;

import io.sphaera.firmware.signing.VerificationKey;
import io.sphaera.pluton.evidence.AttestationEvidence;
import io.sphaera.pluton.evidence.EvidenceException;
import io.sphaera.pluton.evidence.EvidenceVerifier;
import io.sphaera.service.attestation.AttestationException.Reason;
import java.util.regex.Pattern;

/**
 * Device authentication and attestation: the factory certificate chains to the manufacturing CA and names the
 * device; the evidence is signed by the certified key and answers a fresh nonce this service issued to that device
 * (used once); the measurements are those of a release the service knows to be good.
 */
public final class DeviceAttestation {
    private static final Pattern DEVICE_ID = Pattern.compile("[0-9a-f]{128}");

    private final FactoryCertificates certificates;
    private final ChallengeBook challenges;
    private final KnownGoodReleases releases;

    public DeviceAttestation(FactoryCertificates certificates, ChallengeBook challenges, KnownGoodReleases releases) {
        this.certificates = certificates;
        this.challenges = challenges;
        this.releases = releases;
    }

    /** What attestation established. */
    public record Attested(String deviceId, VerificationKey identityKey, AttestationEvidence evidence) {
    }

    public static void checkDeviceId(String deviceId) throws AttestationException {
        if (deviceId == null || !DEVICE_ID.matcher(deviceId).matches()) {
            throw new AttestationException(Reason.MALFORMED, "a device ID is 128 lower-case hex digits");
        }
    }

    public Attested attest(String deviceId, byte[] factoryCertificate, byte[] evidence) throws AttestationException {
        checkDeviceId(deviceId);
        VerificationKey key = certificates.identityKey(factoryCertificate, deviceId);
        AttestationEvidence e;
        byte[] nonce = nonceOf(evidence);
        try {
            e = EvidenceVerifier.verify(evidence, key, nonce);
        } catch (EvidenceException ex) {
            throw new AttestationException(Reason.BAD_EVIDENCE, "the evidence does not verify: " + ex.getMessage());
        }
        // Only after the signature holds is the nonce spent: a forged request cannot burn a device's challenge.
        if (!challenges.consume(deviceId, e.nonce())) {
            throw new AttestationException(Reason.STALE_NONCE, "the evidence answers no outstanding challenge for this device"
                    + " (expired, used, or never issued)");
        }
        if (!releases.matches(e.osVersion(), e.measurements())) {
            throw new AttestationException(Reason.UNKNOWN_SOFTWARE, "the measurements are not those of a known-good release (device says OS "
                    + e.osVersion() + ")");
        }
        return new Attested(deviceId, key, e);
    }

    /** The nonce the evidence claims to answer, read before the signature is checked against it. */
    private static byte[] nonceOf(byte[] evidence) throws AttestationException {
        // Layout: magic(4) version(2) length(4) deviceId(64) nonceLength(1) nonce(n) ...
        int at = 10 + 64;
        if (evidence.length < at + 1) {
            throw new AttestationException(Reason.MALFORMED, "the evidence is truncated");
        }
        int n = evidence[at] & 0xFF;
        if (n < AttestationEvidence.MIN_NONCE || n > AttestationEvidence.MAX_NONCE || evidence.length < at + 1 + n) {
            throw new AttestationException(Reason.MALFORMED, "the evidence's nonce is malformed");
        }
        return java.util.Arrays.copyOfRange(evidence, at + 1, at + 1 + n);
    }

}
