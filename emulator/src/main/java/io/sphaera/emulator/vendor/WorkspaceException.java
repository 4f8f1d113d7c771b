package io.sphaera.emulator.vendor;

/** A workspace or device state folder that cannot be used: missing, damaged, or someone else's. */
public final class WorkspaceException extends Exception {
    public WorkspaceException(String message) {
        super(message);
    }

    public WorkspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
