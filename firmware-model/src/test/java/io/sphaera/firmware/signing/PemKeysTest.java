package io.sphaera.firmware.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PemKeysTest {
    /** SHA-1 of the DER public key of keys/sec1.pem, as `openssl ec -pubout -outform DER | sha1sum` prints it. */
    private static final String OPENSSL_THUMBPRINT = "7ac288c4f84533adadac7f395d07614a37879220";

    private static String resource(String name) throws IOException {
        try (InputStream in = PemKeysTest.class.getResourceAsStream("/keys/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void privateAndPublicKeysRoundTripThroughPem() throws Exception {
        SigningKey key = SigningKey.generate(new SplittableRandom(1));
        SigningKey back = PemKeys.decodePrivate(PemKeys.encodePrivate(key));
        VerificationKey pub = PemKeys.decodePublic(PemKeys.encodePublic(key.verificationKey()));
        assertEquals(key.id(), back.id());
        assertEquals(key.id(), pub.id());
        assertTrue(PemKeys.encodePrivate(key).startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    @Test
    void readsOpenSslKeysAndCertificatesWithTheSameThumbprintOpenSslComputes() throws Exception {
        assertEquals(OPENSSL_THUMBPRINT, PemKeys.decodePrivate(resource("sec1.pem")).id().toString());
        assertEquals(OPENSSL_THUMBPRINT, PemKeys.decodePublic(resource("sec1.pub.pem")).id().toString());
        assertEquals(OPENSSL_THUMBPRINT, PemKeys.decodePublic(resource("cert.pem")).id().toString());
        assertEquals(OPENSSL_THUMBPRINT, PemKeys.decodePublic(resource("sec1.pem")).id().toString());
    }

    @Test
    void refusesKeysThatAreNotUnencryptedP256() throws Exception {
        assertTrue(assertThrows(KeyFormatException.class, () -> PemKeys.decodePrivate(resource("p384.pem")))
                .getMessage().contains("P-256"));
        assertTrue(assertThrows(KeyFormatException.class, () -> PemKeys.decodePrivate(resource("rsa.pem")))
                .getMessage().contains("not an EC key"));
        assertTrue(assertThrows(KeyFormatException.class, () -> PemKeys.decodePrivate(resource("enc.pem")))
                .getMessage().contains("encrypted"));
        assertTrue(assertThrows(KeyFormatException.class, () -> PemKeys.decodePrivate(resource("sec1.pub.pem")))
                .getMessage().contains("expected a private key"));
        assertTrue(assertThrows(KeyFormatException.class, () -> PemKeys.decodePrivate("hello"))
                .getMessage().contains("no PEM block"));
        assertThrows(KeyFormatException.class, () -> PemKeys.decodePublic(
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
    }

    @Test
    void everyTruncationAndFlipOfAKeyFileFailsCleanlyOrYieldsAP256Key() throws Exception {
        String pem = resource("sec1.pem");
        for (int i = 0; i < pem.length(); i++) {
            decodeOrRefuse(pem.substring(0, i));
            char[] chars = pem.toCharArray();
            chars[i] ^= 0x01;
            decodeOrRefuse(new String(chars));
        }
    }

    private static void decodeOrRefuse(String text) {
        try {
            PemKeys.decodePrivate(text);
        } catch (KeyFormatException expected) {
            assertFalse(expected.getMessage().isBlank());
        }
    }

    @Test
    void signaturesAreDeterministicAndVerifyOnlyForTheirBytes() throws Exception {
        SigningKey key = SigningKey.generate(new SplittableRandom(2));
        byte[] data = "image bytes".getBytes(StandardCharsets.UTF_8);
        byte[] sig = key.sign(data, 0, data.length);
        assertArrayEquals(sig, key.sign(data, 0, data.length));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
        assertTrue(key.verificationKey().verifyDigest(digest, sig));
        digest[0] ^= 1;
        assertFalse(key.verificationKey().verifyDigest(digest, sig));
        assertFalse(SigningKey.generate(new SplittableRandom(3)).verificationKey()
                .verifyDigest(MessageDigest.getInstance("SHA-256").digest(data), sig));
        assertFalse(key.verificationKey().verifyDigest(new byte[32], new byte[64]), "r = s = 0 is never valid");
    }

    @Test
    void keyIdsParseFromTheirPrintedForm() {
        KeyId id = KeyId.parse(OPENSSL_THUMBPRINT);
        assertEquals(OPENSSL_THUMBPRINT, id.toString());
        assertThrows(IllegalArgumentException.class, () -> KeyId.parse("abc"));
        assertThrows(IllegalArgumentException.class, () -> KeyId.parse("zz" + OPENSSL_THUMBPRINT.substring(2)));
    }
}
