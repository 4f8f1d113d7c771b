package io.sphaera.pluton.evidence;

/** Evidence that cannot be trusted: malformed, signed by another key, or for another nonce. */
public final class EvidenceException extends Exception {
    public EvidenceException(String message) {
        super(message);
    }
}
