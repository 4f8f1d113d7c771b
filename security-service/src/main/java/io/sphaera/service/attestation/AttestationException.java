package io.sphaera.service.attestation;

/** Attestation refused, with the reason a device (and its operator) is told. */
public final class AttestationException extends Exception {
    public enum Reason {
        MALFORMED,
        UNTRUSTED_CERTIFICATE,
        WRONG_DEVICE,
        BAD_EVIDENCE,
        STALE_NONCE,
        UNKNOWN_SOFTWARE
    }

    private final Reason reason;

    public AttestationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
