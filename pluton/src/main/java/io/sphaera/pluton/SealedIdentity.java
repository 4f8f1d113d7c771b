package io.sphaera.pluton;

import io.sphaera.firmware.signing.KeyFormatException;
import io.sphaera.firmware.signing.PemKeys;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.firmware.signing.VerificationKey;
import io.sphaera.pluton.identity.IdentityException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The identity key as it rests in flash: sealed (AES-256-GCM) under the hardware unique key that only Pluton reads
 * from the e-fuses, together with the factory identity certificate. The private key is unsealed only inside Pluton,
 * to sign, and no method hands it out.
 */
final class SealedIdentity {
    private static final int MAGIC = 0x44494453; // "SDID"
    private static final int NONCE = 12;
    private static final int MAX_FIELD = 16 * 1024;

    private final byte[] sealedKey;
    private final byte[] publicKey;
    private final byte[] publicKeyMac;
    private final byte[] certificate;

    private SealedIdentity(byte[] sealedKey, byte[] publicKey, byte[] publicKeyMac, byte[] certificate) {
        this.sealedKey = sealedKey;
        this.publicKey = publicKey;
        this.publicKeyMac = publicKeyMac;
        this.certificate = certificate;
    }

    /** HMAC-SHA256 under the hardware unique key: whoever rewrites the public key in flash cannot forge this. */
    private static byte[] mac(byte[] hardwareUniqueKey, byte[] publicKey) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hardwareUniqueKey, "HmacSHA256"));
            mac.update("sphaera identity public key".getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(publicKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is in every JDK", e);
        }
    }

    private static byte[] aad(byte[] publicKey) {
        return ByteBuffer.allocate(4 + publicKey.length).putInt(MAGIC).put(publicKey).array();
    }

    static SealedIdentity seal(SigningKey key, byte[] hardwareUniqueKey, RandomGenerator random) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        byte[] plain = PemKeys.encodePrivate(key).getBytes(StandardCharsets.US_ASCII);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            byte[] pub = key.verificationKey().encoded();
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(hardwareUniqueKey, "AES"), new GCMParameterSpec(128, nonce));
            gcm.updateAAD(aad(pub));
            byte[] sealed = gcm.doFinal(plain);
            return new SealedIdentity(ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array(),
                    pub, mac(hardwareUniqueKey, pub), new byte[0]);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is in every JDK", e);
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    SealedIdentity withCertificate(byte[] der) {
        return new SealedIdentity(sealedKey, publicKey, publicKeyMac, der.clone());
    }

    /** Unseals the key; fails when the blob was sealed under another hardware key or has been changed. */
    SigningKey unseal(byte[] hardwareUniqueKey) throws IdentityException {
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(hardwareUniqueKey, "AES"),
                    new GCMParameterSpec(128, sealedKey, 0, NONCE));
            gcm.updateAAD(aad(publicKey));
            byte[] plain = gcm.doFinal(sealedKey, NONCE, sealedKey.length - NONCE);
            try {
                SigningKey key = PemKeys.decodePrivate(new String(plain, StandardCharsets.US_ASCII));
                if (!java.util.Arrays.equals(key.verificationKey().encoded(), publicKey)) {
                    throw new IdentityException("the stored identity public key does not match the sealed private key");
                }
                return key;
            } finally {
                java.util.Arrays.fill(plain, (byte) 0);
            }
        } catch (GeneralSecurityException | KeyFormatException e) {
            throw new IdentityException("the sealed identity key does not open with this device's hardware key", e);
        }
    }

    /**
     * The identity public key, kept beside the sealed private key so that powering on needs no unsealing. It is
     * trusted only if its MAC under the hardware unique key checks out, so a key swapped into flash is refused.
     */
    VerificationKey publicKey(byte[] hardwareUniqueKey) throws IdentityException {
        if (!java.security.MessageDigest.isEqual(mac(hardwareUniqueKey, publicKey), publicKeyMac)) {
            throw new IdentityException("the stored identity public key was not written by this chip's Pluton");
        }
        try {
            return VerificationKey.fromEncoded(publicKey);
        } catch (KeyFormatException e) {
            throw new IdentityException("the stored identity public key is damaged: " + e.getMessage(), e);
        }
    }

    Optional<byte[]> certificate() {
        return certificate.length == 0 ? Optional.empty() : Optional.of(certificate.clone());
    }

    byte[] encode() {
        return ByteBuffer.allocate(20 + sealedKey.length + publicKey.length + publicKeyMac.length + certificate.length)
                .putInt(MAGIC).putInt(sealedKey.length).put(sealedKey).putInt(publicKey.length).put(publicKey)
                .putInt(publicKeyMac.length).put(publicKeyMac).putInt(certificate.length).put(certificate).array();
    }

    static SealedIdentity decode(byte[] bytes) throws IdentityException {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.getInt() != MAGIC) {
                throw new IdentityException("the key store record is not a sealed identity");
            }
            byte[] key = field(in);
            byte[] pub = field(in);
            byte[] mac = field(in);
            byte[] cert = field(in);
            if (in.hasRemaining() || key.length <= NONCE || pub.length == 0 || mac.length != 32) {
                throw new IdentityException("the sealed identity record is malformed");
            }
            return new SealedIdentity(key, pub, mac, cert);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IdentityException("the sealed identity record is truncated", e);
        }
    }

    private static byte[] field(ByteBuffer in) throws IdentityException {
        int length = in.getInt();
        if (length < 0 || length > MAX_FIELD || length > in.remaining()) {
            throw new IdentityException("the sealed identity record has a field of impossible length " + length);
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }
}
