package io.sphaera.firmware.signing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.bc.BcX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.signers.DSADigestSigner;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A certificate authority: an ECDSA P-256 key and its X.509 certificate, issuing certificates with BouncyCastle's
 * own signer (no JCA provider; DESIGN.md measured it the fastest). Validity and serial numbers come from the caller,
 * which takes them from the injected clock and randomness.
 */
public final class CertificateAuthority {
    private static final AlgorithmIdentifier ECDSA_SHA256 =
            new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");

    private final SigningKey key;
    private final X509CertificateHolder certificate;
    /** Encoded once: asked for at every TLS judgement of a device, where encoding it each time showed up. */
    private final byte[] der;

    public CertificateAuthority(SigningKey key, byte[] certificateDer) {
        this.key = key;
        try {
            this.certificate = new X509CertificateHolder(certificateDer);
            this.der = certificate.getEncoded();
        } catch (IOException e) {
            throw new IllegalArgumentException("not a DER certificate: " + e.getMessage(), e);
        }
        if (!java.util.Arrays.equals(key.verificationKey().encoded(), encoded(certificate.getSubjectPublicKeyInfo()))) {
            throw new IllegalArgumentException("the certificate is not for this key");
        }
    }

    /** A root: a self-signed CA certificate. */
    public static CertificateAuthority selfSigned(SigningKey key, String commonName, Instant notBefore, Instant notAfter,
                                                  BigInteger serial) {
        X500Name name = name(commonName);
        byte[] der = build(key, name, name, key.verificationKey(), notBefore, notAfter, serial, true, null, null);
        return new CertificateAuthority(key, der);
    }

    /** A subordinate CA under this one, for {@code subject}'s key. */
    public CertificateAuthority issueAuthority(SigningKey subject, String commonName, Instant notBefore, Instant notAfter,
                                               BigInteger serial) {
        byte[] der = build(key, certificate.getSubject(), name(commonName), subject.verificationKey(), notBefore, notAfter,
                serial, true, this, null);
        return new CertificateAuthority(subject, der);
    }

    /** An end-entity certificate for a public key this authority never holds the private half of. */
    public byte[] issue(VerificationKey subject, String commonName, Instant notBefore, Instant notAfter, BigInteger serial) {
        return build(key, certificate.getSubject(), name(commonName), subject, notBefore, notAfter, serial, false, this, null);
    }

    /** A TLS server certificate: digital signature, server authentication, and the names clients will check. */
    public CertifiedKey issueTlsServer(SigningKey subject, String commonName, java.util.List<String> dnsNames,
                                       java.util.List<String> ipAddresses, Instant notBefore, Instant notAfter, BigInteger serial) {
        java.util.List<GeneralName> names = new java.util.ArrayList<>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        byte[] der = build(key, certificate.getSubject(), name(commonName), subject.verificationKey(), notBefore, notAfter, serial,
                false, this, new GeneralNames(names.toArray(GeneralName[]::new)));
        return new CertifiedKey(subject, der);
    }

    public byte[] certificateDer() {
        return der.clone();
    }

    public String certificatePem() {
        return pem(certificateDer());
    }

    public SigningKey key() {
        return key;
    }

    public static String pem(byte[] certificateDer) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject("CERTIFICATE", certificateDer));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Built from the RDN directly: the platform's device certificates carry a 128-character CN (the device ID),
     *  past RFC 5280's advisory 64 that BouncyCastle's name builder enforces. */
    private static X500Name name(String commonName) {
        return new X500Name(new RDN[] {new RDN(BCStyle.CN, new DERUTF8String(commonName))});
    }

    private static byte[] encoded(SubjectPublicKeyInfo info) {
        try {
            return info.getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * ECDSA with SHA-256 and RFC 6979 nonces: BouncyCastle's stock content signer draws its nonce from a hidden
     * SecureRandom, which would make certificates differ between replays of the same seed.
     */
    private static ContentSigner deterministicSigner(SigningKey key) {
        DSADigestSigner signer = new DSADigestSigner(new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest())), new SHA256Digest());
        signer.init(true, key.secret());
        OutputStream stream = new OutputStream() {
            @Override
            public void write(int b) {
                signer.update((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                signer.update(b, off, len);
            }
        };
        return new ContentSigner() {
            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return ECDSA_SHA256;
            }

            @Override
            public OutputStream getOutputStream() {
                return stream;
            }

            @Override
            public byte[] getSignature() {
                return signer.generateSignature();
            }
        };
    }

    private static byte[] build(SigningKey issuerKey, X500Name issuer, X500Name subject, VerificationKey subjectKey,
                                Instant notBefore, Instant notAfter, BigInteger serial, boolean ca, CertificateAuthority parent,
                                GeneralNames serverNames) {
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(subjectKey.encoded());
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, serial, Date.from(notBefore),
                    Date.from(notAfter), subject, spki);
            BcX509ExtensionUtils ext = new BcX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(parent == null ? 1 : 0) : new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(spki));
            if (parent != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(parent.certificate));
            }
            if (serverNames != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                builder.addExtension(Extension.subjectAlternativeName, false, serverNames);
            }
            return builder.build(deterministicSigner(issuerKey)).getEncoded();
        } catch (CertIOException e) {
            throw new IllegalStateException("certificate building failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
