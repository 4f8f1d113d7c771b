package io.sphaera.emulator.console;

/** A control request that could not be made or was refused by the running device; the message is one line. */
public final class ControlException extends Exception {
    public ControlException(String message) {
        super(message);
    }
}
