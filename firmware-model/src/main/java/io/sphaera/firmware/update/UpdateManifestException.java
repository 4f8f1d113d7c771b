package io.sphaera.firmware.update;

/** An update manifest a device must not act on; the message, one line, says what is wrong with it. */
public final class UpdateManifestException extends Exception {
    public UpdateManifestException(String message) {
        super(message);
    }

    public UpdateManifestException(String message, Throwable cause) {
        super(message, cause);
    }
}
