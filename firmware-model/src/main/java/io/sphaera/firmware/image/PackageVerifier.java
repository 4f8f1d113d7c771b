package io.sphaera.firmware.image;

import io.sphaera.firmware.signing.KeyId;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.signing.VerificationKey;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a package's signature against the keys a caller trusts. The signed bytes are hashed once, and the digest
 * is handed back so that measured boot and update staging never hash the same bytes again.
 */
public final class PackageVerifier {
    private final Function<KeyId, Optional<VerificationKey>> trustedKeys;

    /** @param trustedKeys looks a signer's key up by its ID; empty when the key is not trusted */
    public PackageVerifier(Function<KeyId, Optional<VerificationKey>> trustedKeys) {
        this.trustedKeys = trustedKeys;
    }

    public VerifiedPackage verify(ImagePackage image) throws ImageVerificationException {
        KeyId signer = image.metadata().signer();
        VerificationKey key = trustedKeys.apply(signer).orElseThrow(() -> new ImageVerificationException(
                ImageVerificationException.Reason.UNTRUSTED_SIGNER, "signed by key " + signer + ", which is not trusted"));
        byte[] digest = sha256(image.source(), image.signedLength());
        if (!key.verifyDigest(digest, image.signature())) {
            throw new ImageVerificationException(ImageVerificationException.Reason.BAD_SIGNATURE,
                    "the signature does not match the contents (signer " + signer + ")");
        }
        return new VerifiedPackage(image, key, digest);
    }

    static byte[] sha256(PackageSource source, int length) {
        MessageDigest sha256 = Sha256.newDigest();
        source.digest(sha256, 0, length);
        return sha256.digest();
    }
}
