package io.sphaera.firmware.signing;

import java.math.BigInteger;
import java.util.random.RandomGenerator;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * An ECDSA P-256 key pair that signs images. Signatures are deterministic (RFC 6979), so the same key and the same
 * bytes give the same signature in every run: a replayed simulation reproduces them without a random source.
 */
public final class SigningKey {
    private final ECPrivateKeyParameters secret;
    private final VerificationKey publicKey;

    SigningKey(ECPrivateKeyParameters secret) {
        this.secret = secret;
        this.publicKey = new VerificationKey(new ECPublicKeyParameters(
                new FixedPointCombMultiplier().multiply(P256.DOMAIN.getG(), secret.getD()).normalize(), P256.DOMAIN));
    }

    /** Makes a new key from the given randomness (a SecureRandom in real use, a seeded source in simulation). */
    public static SigningKey generate(RandomGenerator random) {
        BigInteger n = P256.DOMAIN.getN();
        byte[] candidate = new byte[P256.FIELD_BYTES];
        while (true) {
            random.nextBytes(candidate);
            BigInteger d = new BigInteger(1, candidate);
            if (d.signum() > 0 && d.compareTo(n) < 0) {
                return new SigningKey(new ECPrivateKeyParameters(d, P256.DOMAIN));
            }
        }
    }

    public VerificationKey verificationKey() {
        return publicKey;
    }

    public KeyId id() {
        return publicKey.id();
    }

    ECPrivateKeyParameters secret() {
        return secret;
    }

    /** Signs bytes: SHA-256 then ECDSA; returns the raw 64-byte r||s form that image packages carry. */
    public byte[] sign(byte[] bytes, int offset, int length) {
        return signDigest(Sha256.of(bytes, offset, length));
    }

    /** Signs a SHA-256 digest the caller computed; returns r||s, 32 bytes each, big-endian. */
    public byte[] signDigest(byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest is 32 bytes, not " + sha256.length);
        }
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
        signer.init(true, secret);
        BigInteger[] rs = signer.generateSignature(sha256);
        byte[] out = new byte[2 * P256.FIELD_BYTES];
        BigIntegers.asUnsignedByteArray(rs[0], out, 0, P256.FIELD_BYTES);
        BigIntegers.asUnsignedByteArray(rs[1], out, P256.FIELD_BYTES, P256.FIELD_BYTES);
        return out;
    }

    @Override
    public String toString() {
        // Never the secret.
        return "SigningKey[" + id() + "]";
    }
}
