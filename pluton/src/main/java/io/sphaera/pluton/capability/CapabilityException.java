package io.sphaera.pluton.capability;

/** A capability image that cannot be applied: malformed, untrusted, or for another device. */
public final class CapabilityException extends Exception {
    public CapabilityException(String message) {
        super(message);
    }
}
