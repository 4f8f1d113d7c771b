package io.sphaera.pluton;

/** Pluton cannot do what was asked in the state it is in (no identity yet, no trusted key store, not booted...). */
public final class PlutonException extends Exception {
    public PlutonException(String message) {
        super(message);
    }

    public PlutonException(String message, Throwable cause) {
        super(message, cause);
    }
}
