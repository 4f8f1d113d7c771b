package io.sphaera.service.attestation;

import io.sphaera.firmware.signing.DerSignature;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.signing.VerificationKey;
import java.io.IOException;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;

/** Checks that a certificate is signed (ECDSA P-256/SHA-256) by an issuer key the caller keeps decoded. */
public final class CertificateSignatures {
    private CertificateSignatures() {
    }

    public static boolean signedBy(X509CertificateHolder cert, VerificationKey issuer) {
        if (!X9ObjectIdentifiers.ecdsa_with_SHA256.equals(cert.getSignatureAlgorithm().getAlgorithm())) {
            return false;
        }
        try {
            byte[] tbs = cert.toASN1Structure().getTBSCertificate().getEncoded(ASN1Encoding.DER);
            return issuer.verifyDigest(Sha256.of(tbs), DerSignature.toRaw(cert.getSignature()));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
