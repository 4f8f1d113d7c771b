package io.sphaera.service.http;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.CertifiedKey;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.firmware.signing.PemKeys;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.SSLException;

/**
 * TLS 1.3 contexts for the service and its clients, on OpenSSL (netty-tcnative) where it loads (DESIGN.md: about
 * 7x the JDK's handshake rate here) and on the JDK's provider where it does not.
 */
public final class ServiceTls {
    private static final String[] PROTOCOLS = {"TLSv1.3"};

    private ServiceTls() {
    }

    public static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    /** The server's context: its TLS key and certificate, with the root that issued it. */
    public static SslContext server(CertifiedKey tls, CertificateAuthority root) throws SSLException {
        return SslContextBuilder.forServer(privateKey(tls.key()), certificate(tls.certificateDer()), certificate(root.certificateDer()))
                .sslProvider(provider()).protocols(PROTOCOLS).build();
    }

    /** The server's context, asking clients for a certificate (optional) and judging devices' with {@code devices}. */
    public static SslContext server(CertifiedKey tls, CertificateAuthority root, DeviceClientTrust devices) throws SSLException {
        return SslContextBuilder.forServer(privateKey(tls.key()), certificate(tls.certificateDer()), certificate(root.certificateDer()))
                .sslProvider(provider()).protocols(PROTOCOLS).clientAuth(io.netty.handler.ssl.ClientAuth.OPTIONAL)
                .trustManager(devices).build();
    }

    /** A client's context that trusts certificates under {@code rootDer} only, and checks the server's name. */
    public static SslContext client(byte[] rootDer) throws SSLException {
        return SslContextBuilder.forClient().trustManager(certificate(rootDer)).endpointIdentificationAlgorithm("HTTPS")
                .sslProvider(provider()).protocols(PROTOCOLS).build();
    }

    public static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(SigningKey key) {
        String pem = PemKeys.encodePrivate(key);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a P-256 PKCS#8 key always loads: " + e.getMessage(), e);
        }
    }
}
