package io.sphaera.emulator.cli;

/** The CLI's exit codes, as the README lists them. */
public final class ExitCode {
    public static final int OK = 0;
    /** A bug: something failed that should not have; --verbose shows the stack trace. */
    public static final int INTERNAL = 1;
    /** The command line itself is wrong: unknown command or option, missing or malformed argument. */
    public static final int USAGE = 2;
    /** An input is invalid: a malformed package, manifest, key or file, or one that cannot be read or written. */
    public static final int INVALID_INPUT = 3;
    /** A well-formed package failed verification: untrusted signer or a signature that does not match. */
    public static final int VERIFICATION_FAILED = 4;

    private ExitCode() {
    }
}
