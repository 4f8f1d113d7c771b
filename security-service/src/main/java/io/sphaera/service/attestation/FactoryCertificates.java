package io.sphaera.service.attestation;

import io.sphaera.firmware.signing.KeyFormatException;
import io.sphaera.firmware.signing.VerificationKey;
import io.sphaera.service.attestation.AttestationException.Reason;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Checks device identity certificates against the manufacturing CA: signed by it (ECDSA P-256/SHA-256, verified with
 * one kept key object), valid now on the injected clock, and naming in its CN the device whose key it certifies.
 */
public final class FactoryCertificates {
    private static final int MAX_CERTIFICATE = 8 * 1024;

    private final X509CertificateHolder manufacturingCa;
    private final VerificationKey caKey;
    private final InstantSource clock;

    public FactoryCertificates(byte[] manufacturingCaDer, InstantSource clock) throws IOException, KeyFormatException {
        this.manufacturingCa = new X509CertificateHolder(manufacturingCaDer);
        this.caKey = VerificationKey.fromEncoded(manufacturingCa.getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER));
        this.clock = clock;
    }

    /** The identity key the certificate vouches for, once the certificate checks out for {@code deviceId}. */
    public VerificationKey identityKey(byte[] der, String deviceId) throws AttestationException {
        if (der.length == 0 || der.length > MAX_CERTIFICATE) {
            throw new AttestationException(Reason.MALFORMED, "the factory certificate has " + der.length + " bytes");
        }
        X509CertificateHolder cert;
        try {
            cert = new X509CertificateHolder(der);
        } catch (IOException | RuntimeException e) {
            throw new AttestationException(Reason.MALFORMED, "the factory certificate is not DER X.509");
        }
        if (!cert.getIssuer().equals(manufacturingCa.getSubject())) {
            throw new AttestationException(Reason.UNTRUSTED_CERTIFICATE, "the factory certificate is not issued by the manufacturing CA");
        }
        if (!CertificateSignatures.signedBy(cert, caKey)) {
            throw new AttestationException(Reason.UNTRUSTED_CERTIFICATE, "the factory certificate's signature does not verify");
        }
        if (!cert.isValidOn(Date.from(clock.instant()))) {
            throw new AttestationException(Reason.UNTRUSTED_CERTIFICATE, "the factory certificate is not valid now");
        }
        RDN[] cn = cert.getSubject().getRDNs(BCStyle.CN);
        if (cn.length != 1 || !deviceId.equals(cn[0].getFirst().getValue().toString())) {
            throw new AttestationException(Reason.WRONG_DEVICE, "the factory certificate is for another device");
        }
        try {
            VerificationKey key = VerificationKey.fromEncoded(cert.getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER));
            if (!java.util.HexFormat.of().formatHex(key.xy()).equals(deviceId)) {
                throw new AttestationException(Reason.WRONG_DEVICE, "the certified key is not the one the device ID names");
            }
            return key;
        } catch (IOException | KeyFormatException e) {
            throw new AttestationException(Reason.MALFORMED, "the factory certificate's key is not an ECDSA P-256 key");
        }
    }

}
