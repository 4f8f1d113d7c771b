package io.sphaera.emulator.os;

/** A ring buffer that the other core left in a state the message format does not allow; the message says where. */
public final class IntercoreFormatException extends Exception {
    public IntercoreFormatException(String message) {
        super(message);
    }
}
