package io.sphaera.firmware.signing;

/** A key file that is not an ECDSA P-256 key in PEM, named with what is wrong. */
public final class KeyFormatException extends Exception {
    public KeyFormatException(String message) {
        super(message);
    }

    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
