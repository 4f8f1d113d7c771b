package io.sphaera.firmware.signing;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Reads and writes ECDSA P-256 keys as PEM: private keys as PKCS#8 ("PRIVATE KEY", or OpenSSL's "EC PRIVATE KEY"),
 * public keys as "PUBLIC KEY" or inside an X.509 certificate. Works on BouncyCastle's own key objects, with no JCA
 * provider in between.
 */
public final class PemKeys {
    private static final int MAX_PEM_CHARS = 64 * 1024;

    private PemKeys() {
    }

    public static String encodePrivate(SigningKey key) {
        try {
            return pem("PRIVATE KEY", PrivateKeyInfoFactory.createPrivateKeyInfo(key.secret()).getEncoded("DER"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String encodePublic(VerificationKey key) {
        return pem("PUBLIC KEY", key.encoded());
    }

    /** Reads a private key; fails naming what the text holds instead when it is not one. */
    public static SigningKey decodePrivate(String text) throws KeyFormatException {
        Object object = readSingleObject(text);
        PrivateKeyInfo info;
        if (object instanceof PrivateKeyInfo pki) {
            info = pki;
        } else if (object instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo();
        } else if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new KeyFormatException("the private key is encrypted; give an unencrypted PKCS#8 key");
        } else {
            throw new KeyFormatException("expected a private key, found " + describe(object));
        }
        requireP256(info.getPrivateKeyAlgorithm());
        try {
            AsymmetricKeyParameter key = PrivateKeyFactory.createKey(info);
            if (!(key instanceof ECPrivateKeyParameters ec)) {
                throw new KeyFormatException("the private key is not an EC key");
            }
            return new SigningKey(new ECPrivateKeyParameters(ec.getD(), P256.DOMAIN));
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException("the private key is malformed: " + e.getMessage(), e);
        }
    }

    /** Reads a public key from a public key, a certificate, or a private key (whose public half is taken). */
    public static VerificationKey decodePublic(String text) throws KeyFormatException {
        Object object = readSingleObject(text);
        SubjectPublicKeyInfo info;
        if (object instanceof SubjectPublicKeyInfo spki) {
            info = spki;
        } else if (object instanceof X509CertificateHolder certificate) {
            info = certificate.getSubjectPublicKeyInfo();
        } else if (object instanceof PrivateKeyInfo || object instanceof PEMKeyPair) {
            return decodePrivate(text).verificationKey();
        } else {
            throw new KeyFormatException("expected a public key or certificate, found " + describe(object));
        }
        return fromInfo(info);
    }

    private static VerificationKey fromInfo(SubjectPublicKeyInfo info) throws KeyFormatException {
        if (info == null) {
            throw new KeyFormatException("no public key");
        }
        requireP256(info.getAlgorithm());
        try {
            AsymmetricKeyParameter key = PublicKeyFactory.createKey(info);
            if (!(key instanceof ECPublicKeyParameters ec)) {
                throw new KeyFormatException("the public key is not an EC key");
            }
            return new VerificationKey(new ECPublicKeyParameters(
                    P256.DOMAIN.getCurve().decodePoint(ec.getQ().getEncoded(false)), P256.DOMAIN));
        } catch (IOException | RuntimeException e) {
            throw new KeyFormatException("the public key is malformed: " + e.getMessage(), e);
        }
    }

    /** Reads a DER SubjectPublicKeyInfo. */
    static VerificationKey decodePublicInfo(byte[] der) throws KeyFormatException {
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new KeyFormatException("the public key is not DER SubjectPublicKeyInfo: " + e.getMessage(), e);
        }
        return fromInfo(info);
    }

    private static void requireP256(AlgorithmIdentifier algorithm) throws KeyFormatException {
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm())) {
            throw new KeyFormatException("the key is not an EC key (algorithm " + algorithm.getAlgorithm() + ")");
        }
        ASN1Encodable parameters = algorithm.getParameters();
        if (!(parameters instanceof ASN1ObjectIdentifier curve) || !X9ObjectIdentifiers.prime256v1.equals(curve)) {
            throw new KeyFormatException("the key is not on curve P-256 (parameters " + parameters + ")");
        }
    }

    private static Object readSingleObject(String text) throws KeyFormatException {
        if (text.length() > MAX_PEM_CHARS) {
            throw new KeyFormatException("the key file is larger than " + MAX_PEM_CHARS + " characters");
        }
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object object = parser.readObject();
            if (object == null) {
                throw new KeyFormatException("no PEM block found");
            }
            return object;
        } catch (IOException | RuntimeException e) {
            // The parser's own messages name its exception classes; say what is wrong in the user's terms.
            throw new KeyFormatException("the PEM block's content does not decode as a key or certificate (bad base64 or DER)", e);
        }
    }

    private static String describe(Object object) {
        return object.getClass().getSimpleName();
    }

    private static String pem(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
