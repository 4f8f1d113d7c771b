package io.sphaera.emulator.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The tests' C apps, built for wasm32 by scripts/build-samples (which scripts/test runs first). */
final class TestApps {
    private TestApps() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/build-samples"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the Sphaera repository");
        }
        return dir;
    }

    /**
     * Runs an app to its end on a virtual-time executor: it starts there, its sleeps pass on the executor's timers,
     * and virtual time goes on until nothing is left to do (at most a day).
     */
    static AppOutcome runToEnd(HighLevelApp app, io.sphaera.emulator.sim.VirtualTimeScheduler scheduler) {
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<AppOutcome>> started =
                new java.util.concurrent.atomic.AtomicReference<>();
        scheduler.execute(() -> started.set(app.start(scheduler)));
        scheduler.runUntilIdle(java.time.Duration.ofDays(1));
        var outcome = started.get();
        if (outcome == null || !outcome.isDone()) {
            throw new AssertionError("the app had not ended after a day of virtual time");
        }
        return outcome.join();
    }

    static io.sphaera.emulator.sim.VirtualTimeScheduler scheduler(java.time.Instant start) {
        return new io.sphaera.emulator.sim.VirtualTimeScheduler(new io.sphaera.emulator.sim.VirtualClock(start));
    }

    /** The built app's WebAssembly; a missing build fails the test with what to run. */
    static byte[] wasm(String name) throws IOException {
        Path app = root().resolve("target/test-apps").resolve(name).resolve("bin/app");
        if (!Files.exists(app)) {
            throw new IllegalStateException(app + " is missing: run scripts/build-samples (scripts/test does)");
        }
        return Files.readAllBytes(app);
    }
}
