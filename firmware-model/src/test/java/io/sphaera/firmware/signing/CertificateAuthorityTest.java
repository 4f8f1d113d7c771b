package io.sphaera.firmware.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2046-01-01T00:00:00Z");

    private static X509Certificate x509(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    @Test
    void aDeviceCertificateChainsToTheRootForTheJdksOwnValidator() throws Exception {
        CertificateAuthority root = CertificateAuthority.selfSigned(SigningKey.generate(new SplittableRandom(1)), "Root", FROM, TO, BigInteger.ONE);
        CertificateAuthority ca = root.issueAuthority(SigningKey.generate(new SplittableRandom(2)), "Manufacturing CA", FROM, TO, BigInteger.TWO);
        VerificationKey device = SigningKey.generate(new SplittableRandom(3)).verificationKey();
        String deviceId = java.util.HexFormat.of().formatHex(device.xy());
        byte[] leaf = ca.issue(device, deviceId, FROM, TO, BigInteger.TEN);

        X509Certificate cert = x509(leaf);
        assertEquals("CN=" + deviceId, cert.getSubjectX500Principal().getName(), "a 128-character CN, as the platform's");
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(x509(root.certificateDer()), null)));
        params.setRevocationEnabled(false);
        params.setDate(Date.from(Instant.parse("2030-01-01T00:00:00Z")));
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                .generateCertPath(List.of(cert, x509(ca.certificateDer()))), params);

        params.setDate(Date.from(Instant.parse("2050-01-01T00:00:00Z")));
        assertThrows(java.security.cert.CertPathValidatorException.class, () -> CertPathValidator.getInstance("PKIX")
                .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert, x509(ca.certificateDer()))), params));
    }

    @Test
    void issuanceIsDeterministicSoSeededRunsRepeat() {
        SigningKey key = SigningKey.generate(new SplittableRandom(4));
        byte[] a = CertificateAuthority.selfSigned(key, "Root", FROM, TO, BigInteger.ONE).certificateDer();
        byte[] b = CertificateAuthority.selfSigned(key, "Root", FROM, TO, BigInteger.ONE).certificateDer();
        assertArrayEquals(a, b);
    }

    @Test
    void aCertificateForAnotherKeyIsRefused() {
        CertificateAuthority root = CertificateAuthority.selfSigned(SigningKey.generate(new SplittableRandom(5)), "Root", FROM, TO, BigInteger.ONE);
        assertThrows(IllegalArgumentException.class,
                () -> new CertificateAuthority(SigningKey.generate(new SplittableRandom(6)), root.certificateDer()));
    }
}
