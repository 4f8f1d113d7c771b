package io.sphaera.emulator.network;

import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.sphaera.pluton.Pluton;
import io.sphaera.service.http.ServiceTls;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * A device's TLS context for mutual TLS after attestation: it trusts the vendor root, presents the device
 * certificate and its chain, and proves the key by having Pluton sign the handshake — the private key never leaves.
 */
public final class DeviceTls {
    private DeviceTls() {
    }

    public static SslContext mutual(byte[] rootDer, Pluton pluton, DeviceCertificate certificate) throws SSLException {
        return mutual(rootDer, pluton, certificate, ServiceTls.provider());
    }

    /** With the TLS implementation named: OpenSSL where it loads, else the JDK's. */
    public static SslContext mutual(byte[] rootDer, Pluton pluton, DeviceCertificate certificate, SslProvider provider)
            throws SSLException {
        PlutonSignatures.register();
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(pemCertificate(certificate.certificatePem()));
        certificate.chainPem().forEach(p -> chain.add(pemCertificate(p)));
        X509Certificate[] certificates = chain.toArray(X509Certificate[]::new);
        PlutonIdentityKey key = new PlutonIdentityKey(pluton);
        SslContextBuilder builder = SslContextBuilder.forClient()
                .trustManager(ServiceTls.certificate(rootDer))
                .endpointIdentificationAlgorithm("HTTPS")
                .sslProvider(provider)
                .protocols("TLSv1.3");
        if (provider == SslProvider.JDK) {
            builder.keyManager(new PlutonKeyManager(key, certificates));
        } else {
            // OpenSSL signs the handshake through the JCA, where PlutonSignatures answers for the identity key.
            builder.keyManager(key, certificates).option(OpenSslContextOption.USE_JDK_PROVIDER_SIGNATURES, true);
        }
        return builder.build();
    }

    private static X509Certificate pemCertificate(String pem) {
        return ServiceTls.certificate(Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "")
                .getBytes(StandardCharsets.US_ASCII)));
    }
}
