package io.sphaera.pluton.keys;

/** A trusted-key-store image that cannot be installed: malformed, not root-signed, or older than the counter. */
public final class TrustedKeyStoreException extends Exception {
    public TrustedKeyStoreException(String message) {
        super(message);
    }

    public TrustedKeyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
