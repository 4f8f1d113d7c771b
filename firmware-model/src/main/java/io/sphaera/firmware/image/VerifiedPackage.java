package io.sphaera.firmware.image;

import io.sphaera.firmware.signing.VerificationKey;

/**
 * A package whose signature checked out.
 *
 * @param image        the package
 * @param signer       the trusted key that signed it
 * @param signedDigest SHA-256 of the signed bytes (everything before the signature): the measurement to extend
 */
public record VerifiedPackage(ImagePackage image, VerificationKey signer, byte[] signedDigest) {
    public VerifiedPackage {
        signedDigest = signedDigest.clone();
    }

    @Override
    public byte[] signedDigest() {
        return signedDigest.clone();
    }
}
