package io.sphaera.firmware.image;

/** A well-formed package whose signature cannot be trusted, and why. */
public final class ImageVerificationException extends Exception {
    public enum Reason {
        /** The signer's key ID is not among the trusted keys. */
        UNTRUSTED_SIGNER,
        /** The signature does not match the bytes under the named key. */
        BAD_SIGNATURE
    }

    private final Reason reason;

    public ImageVerificationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
