package io.sphaera.service.http;

import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.KeyFormatException;
import io.sphaera.firmware.signing.VerificationKey;
import io.sphaera.service.attestation.CertificateSignatures;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Judges the certificates devices present in TLS after they attest: issued by the CA that issues that device's
 * certificates now (its tenant's CA once claimed, else the service's device CA), naming a device ID, and valid on the
 * service's injected clock (not the host's), so an expired, foreign or update certificate is refused in the handshake.
 * A device presents the same certificate at every handshake and request of its day, so a chain judged good is
 * remembered by its exact bytes and its issuer's: judged again, only the issuer (the device may have been claimed
 * since) and the dates are looked at, not the signature, which cannot change for the same bytes and key.
 */
public final class DeviceClientTrust extends X509ExtendedTrustManager {
    private static final Pattern DEVICE_ID = Pattern.compile("[0-9a-f]{128}");

    /** Certificates remembered: a fleet's worth; the least recently judged go first. */
    static final int REMEMBERED = 4096;

    private final Function<String, CertificateAuthority> issuerFor;
    private final InstantSource clock;
    private final Map<ByteBuffer, Judged> judged = new LinkedHashMap<>(64, 0.75f, true) { // by the certificate's DER
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Judged> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** What a good chain proved: the device, the issuer that signed it, and when it is valid. */
    private record Judged(String deviceId, byte[] issuerDer, Instant notBefore, Instant notAfter) {
    }

    /** @param issuerFor the CA that issues a device's certificates, by device ID */
    public DeviceClientTrust(Function<String, CertificateAuthority> issuerFor, InstantSource clock) {
        this.issuerFor = issuerFor;
        this.clock = clock;
    }

    /**
     * Checks a device's chain and returns the device ID it proves. Also run on every request, not only in the
     * handshake: a resumed session or a long keep-alive connection must not outlive the certificate.
     */
    public String verify(X509Certificate[] chain) throws CertificateException {
        return check(chain);
    }

    /** Judges the chain; the device ID it proves. */
    private String check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no device certificate");
        }
        ByteBuffer der = ByteBuffer.wrap(chain[0].getEncoded()); // compared by content
        Judged before;
        synchronized (judged) {
            before = judged.get(der);
        }
        if (before != null && Arrays.equals(before.issuerDer(), issuerFor.apply(before.deviceId()).certificateDer())) {
            Instant now = clock.instant();
            if (now.isBefore(before.notBefore()) || now.isAfter(before.notAfter())) {
                throw new CertificateException(NOT_VALID_NOW);
            }
            return before.deviceId();
        }
        Judged now = judge(der.array());
        synchronized (judged) {
            judged.put(der, now);
        }
        return now.deviceId();
    }

    private static final String NOT_VALID_NOW = "the device certificate is not valid now (expired or not yet valid)";

    /** The whole check of a chain not judged before (or whose device has another issuer now). */
    private Judged judge(byte[] leafDer) throws CertificateException {
        X509CertificateHolder leaf;
        try {
            leaf = new X509CertificateHolder(leafDer);
        } catch (IOException e) {
            throw new CertificateException("the device certificate does not parse", e);
        }
        RDN[] cn = leaf.getSubject().getRDNs(BCStyle.CN);
        String deviceId = cn.length == 1 ? cn[0].getFirst().getValue().toString() : "";
        if (!DEVICE_ID.matcher(deviceId).matches()) {
            throw new CertificateException("the certificate does not name a device");
        }
        CertificateAuthority issuer = issuerFor.apply(deviceId);
        VerificationKey issuerKey;
        try {
            X509CertificateHolder ca = new X509CertificateHolder(issuer.certificateDer());
            if (!leaf.getIssuer().equals(ca.getSubject())) {
                throw new CertificateException("the certificate is not issued by this device's CA");
            }
            issuerKey = VerificationKey.fromEncoded(ca.getSubjectPublicKeyInfo().getEncoded(ASN1Encoding.DER));
        } catch (IOException | KeyFormatException e) {
            throw new CertificateException("the device's CA is unreadable", e);
        }
        if (!CertificateSignatures.signedBy(leaf, issuerKey)) {
            throw new CertificateException("the device certificate's signature does not verify");
        }
        if (!leaf.isValidOn(Date.from(clock.instant()))) {
            throw new CertificateException(NOT_VALID_NOW);
        }
        return new Judged(deviceId, issuer.certificateDer(), leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager judges devices, not servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
