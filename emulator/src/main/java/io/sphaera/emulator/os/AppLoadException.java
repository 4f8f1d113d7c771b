package io.sphaera.emulator.os;

/** An app the OS cannot load: not WebAssembly, or asking for more than the sandbox gives. */
public final class AppLoadException extends Exception {
    public AppLoadException(String message) {
        super(message);
    }

    public AppLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
