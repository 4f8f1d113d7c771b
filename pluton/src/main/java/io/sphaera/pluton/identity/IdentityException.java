package io.sphaera.pluton.identity;

/** The device's identity cannot be read: a damaged key store record, or one sealed for another chip. */
public final class IdentityException extends Exception {
    public IdentityException(String message) {
        super(message);
    }

    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
