package io.sphaera.emulator.os;

import java.util.Optional;

/**
 * How an app's run ended: it returned from main or called exit (an exit code), or it trapped (a crash: what the
 * WebAssembly machine stopped on). Either becomes an error-report event for the service.
 */
public record AppOutcome(Optional<Integer> exitCode, Optional<String> crash) {
    public static AppOutcome exited(int code) {
        return new AppOutcome(Optional.of(code), Optional.empty());
    }

    public static AppOutcome crashed(String why) {
        return new AppOutcome(Optional.empty(), Optional.of(why));
    }

    public boolean crashed() {
        return crash.isPresent();
    }
}
