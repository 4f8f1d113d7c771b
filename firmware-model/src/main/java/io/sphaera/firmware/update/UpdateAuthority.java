package io.sphaera.firmware.update;

import io.sphaera.firmware.signing.KeyFormatException;
import io.sphaera.firmware.signing.VerificationKey;
import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentVerifierProviderBuilder;

/**
 * Who may sign update manifests, as a device knows it without any key of the service's: a certificate its root of
 * trust issued, valid now, to the authority of the name it expects (the service's update CA). The root also certifies
 * the manufacturing CA and the tenants' CAs; those sign certificates, not updates, so the name is checked too. The
 * certificate last accepted is remembered by its bytes: every manifest carries the same one, and checking its
 * signature again (with a root key BouncyCastle must prepare afresh) cost more than the rest of a manifest's checks.
 * Its dates are still checked at every use.
 */
public final class UpdateAuthority {
    /** The name of the security service's update CA, which the vendor root certifies to sign update manifests. */
    public static final String SERVICE_UPDATE_CA = "Sphaera Update CA";
    private final VerificationKey root;
    private final String commonName;
    private volatile Accepted accepted;

    /** A certificate that passed every check but the dates, and the key it certifies. */
    private record Accepted(byte[] der, VerificationKey key, Instant notBefore, Instant notAfter) {
    }

    /** @param commonName the update authority's name in its certificate's subject ("Sphaera Update CA") */
    public UpdateAuthority(VerificationKey root, String commonName) {
        this.root = root;
        this.commonName = commonName;
    }

    /** The key in {@code certificateDer}, if the root issued it to the update authority and it is valid at {@code now}. */
    VerificationKey certifiedKey(byte[] certificateDer, Instant now) throws UpdateManifestException {
        Accepted known = accepted;
        if (known != null && java.util.Arrays.equals(known.der(), certificateDer)) {
            if (now.isBefore(known.notBefore()) || now.isAfter(known.notAfter())) {
                throw notValid(now, known.notBefore(), known.notAfter());
            }
            return known.key();
        }
        X509CertificateHolder certificate;
        try {
            certificate = new X509CertificateHolder(certificateDer);
        } catch (IOException | RuntimeException e) {
            throw new UpdateManifestException("update manifest: Certificate is not an X.509 certificate");
        }
        try {
            var verifier = new BcECContentVerifierProviderBuilder(new DefaultDigestAlgorithmIdentifierFinder())
                    .build(PublicKeyFactory.createKey(SubjectPublicKeyInfo.getInstance(root.encoded())));
            if (!certificate.isSignatureValid(verifier)) {
                throw new UpdateManifestException("update manifest: its certificate was not issued by this device's root");
            }
        } catch (CertException | OperatorCreationException | IOException | RuntimeException e) {
            throw new UpdateManifestException("update manifest: its certificate was not issued by this device's root");
        }
        if (!certificate.isValidOn(Date.from(now))) {
            throw notValid(now, certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
        }
        RDN[] names = certificate.getSubject().getRDNs(BCStyle.CN);
        String name = names.length == 1 ? IETFUtils.valueToString(names[0].getFirst().getValue()) : "";
        if (!name.equals(commonName)) {
            throw new UpdateManifestException("update manifest: signed by '" + name + "', not the update authority");
        }
        VerificationKey key;
        try {
            key = VerificationKey.fromEncoded(certificate.getSubjectPublicKeyInfo().getEncoded());
        } catch (KeyFormatException | IOException e) {
            throw new UpdateManifestException("update manifest: its certificate's key is not a P-256 key");
        }
        accepted = new Accepted(certificateDer.clone(), key, certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
        return key;
    }

    /** The root whose certificates this authority accepts. */
    public VerificationKey root() {
        return root;
    }

    private static UpdateManifestException notValid(Instant now, Instant notBefore, Instant notAfter) {
        return new UpdateManifestException("update manifest: its certificate is not valid at " + now + " (valid " + notBefore
                + " to " + notAfter + ")");
    }
}
