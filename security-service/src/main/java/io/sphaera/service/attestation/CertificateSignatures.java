package io.sphaera.service.attestation;

import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.signing.VerificationKey;
import java.io.IOException;
import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.util.BigIntegers;

/** Checks that a certificate is signed (ECDSA P-256/SHA-256) by an issuer key the caller keeps decoded. */
public final class CertificateSignatures {
    private static final BigInteger P256_ORDER = new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

    private CertificateSignatures() {
    }

    public static boolean signedBy(X509CertificateHolder cert, VerificationKey issuer) {
        if (!X9ObjectIdentifiers.ecdsa_with_SHA256.equals(cert.getSignatureAlgorithm().getAlgorithm())) {
            return false;
        }
        try {
            byte[] tbs = cert.toASN1Structure().getTBSCertificate().getEncoded(ASN1Encoding.DER);
            BigInteger[] rs = StandardDSAEncoding.INSTANCE.decode(P256_ORDER, cert.getSignature());
            byte[] raw = new byte[64];
            BigIntegers.asUnsignedByteArray(rs[0], raw, 0, 32);
            BigIntegers.asUnsignedByteArray(rs[1], raw, 32, 32);
            return issuer.verifyDigest(Sha256.of(tbs), raw);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
