package io.sphaera.emulator.cli;

/** Ends a command with a one-line message and an exit code; thrown by commands, printed by {@link SphaeraCli}. */
public final class CliFailure extends RuntimeException {
    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static CliFailure invalidInput(String message) {
        return new CliFailure(ExitCode.INVALID_INPUT, message);
    }

    public static CliFailure invalidInput(String message, Throwable cause) {
        return new CliFailure(ExitCode.INVALID_INPUT, message, cause);
    }

    public int exitCode() {
        return exitCode;
    }
}
