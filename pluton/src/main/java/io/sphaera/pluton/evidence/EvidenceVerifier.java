package io.sphaera.pluton.evidence;

import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.signing.VerificationKey;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Checks signed evidence for the security service: well-formed, signed by the identity key the caller trusts (from
 * the device's factory certificate), naming the device that key belongs to, and answering the caller's nonce.
 * Whether the measurements are those of known-good images is the caller's judgement.
 */
public final class EvidenceVerifier {
    private EvidenceVerifier() {
    }

    public static AttestationEvidence verify(byte[] signed, VerificationKey identityKey, byte[] expectedNonce) throws EvidenceException {
        if (signed.length < EvidenceCodec.HEADER + EvidenceCodec.SIGNATURE || signed.length > 64 * 1024) {
            throw new EvidenceException("evidence of " + signed.length + " bytes is not a plausible size");
        }
        int bodyEnd = signed.length - EvidenceCodec.SIGNATURE;
        AttestationEvidence evidence = EvidenceCodec.decode(Arrays.copyOf(signed, bodyEnd));
        byte[] digest = Sha256.of(signed, 0, bodyEnd);
        if (!identityKey.verifyDigest(digest, Arrays.copyOfRange(signed, bodyEnd, signed.length))) {
            throw new EvidenceException("the evidence is not signed by identity key " + identityKey.id());
        }
        if (!evidence.deviceId().equals(HexFormat.of().formatHex(identityKey.xy()))) {
            throw new EvidenceException("the evidence names device " + evidence.deviceId().substring(0, 16)
                    + "..., not the owner of the identity key");
        }
        if (!MessageDigest.isEqual(evidence.nonce(), expectedNonce)) {
            throw new EvidenceException("the evidence answers another nonce");
        }
        return evidence;
    }
}
