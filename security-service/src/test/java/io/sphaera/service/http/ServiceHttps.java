package io.sphaera.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.PemKeys;
import io.sphaera.firmware.signing.SigningKey;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A test's HTTPS client of the service (the JDK's): it trusts a server certificate the root signed, judged by
 * signature only so that the service's injected clock, not the host's, is the only time that matters, and it
 * presents a device certificate when it is given one (mutual TLS, as a device after attestation).
 */
final class ServiceHttps implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] PASSWORD = "test".toCharArray();

    /** An answer: status, content type, the body's bytes and every header. */
    record Reply(int status, String contentType, byte[] body, java.net.http.HttpHeaders headers) {
        String header(String name) {
            return headers.firstValue(name).orElse("");
        }

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        String error() throws IOException {
            return json().path("error").asText();
        }
    }

    private final HttpClient client;
    private final URI base;

    private ServiceHttps(HttpClient client, int port) {
        this.client = client;
        this.base = URI.create("https://127.0.0.1:" + port);
    }

    /** A client without a certificate of its own. */
    static ServiceHttps anonymous(int port, CertificateAuthority root) throws GeneralSecurityException {
        return new ServiceHttps(client(null, root), port);
    }

    /** A device presenting {@code certificateDer}, made for {@code key}. */
    static ServiceHttps device(int port, CertificateAuthority root, SigningKey key, byte[] certificateDer)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        String pem = PemKeys.encodePrivate(key);
        byte[] pkcs8 = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        store.setKeyEntry("device", KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)), PASSWORD,
                new Certificate[] {ServiceTls.certificate(certificateDer)});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        return new ServiceHttps(client(keys.getKeyManagers(), root), port);
    }

    private static HttpClient client(KeyManager[] keys, CertificateAuthority root) throws GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(keys, new TrustManager[] {new SignedByRoot(ServiceTls.certificate(root.certificateDer()).getPublicKey())}, null);
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    Reply get(String path, String bearer) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), bearer);
    }

    /** A GET of part of the resource, as a device resuming a download asks. */
    Reply getRange(String path, String range) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Range", range).GET(), null);
    }

    Reply post(String path, String body, String bearer) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), bearer);
    }

    private Reply send(HttpRequest.Builder request, String bearer) throws IOException, InterruptedException {
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<byte[]> r = client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers());
    }

    @Override
    public void close() {
        client.close();
    }

    /** Trusts a server whose certificate the root signed (the service's is issued by the root directly). */
    private static final class SignedByRoot extends X509ExtendedTrustManager {
        private final PublicKey root;

        SignedByRoot(PublicKey root) {
            this.root = root;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                chain[0].verify(root);
            } catch (GeneralSecurityException e) {
                throw new CertificateException("the server's certificate is not the root's", e);
            }
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
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client's trust");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
