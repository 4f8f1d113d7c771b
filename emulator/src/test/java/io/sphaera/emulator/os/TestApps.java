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

    /** The built app's WebAssembly; a missing build fails the test with what to run. */
    static byte[] wasm(String name) throws IOException {
        Path app = root().resolve("target/test-apps").resolve(name).resolve("bin/app");
        if (!Files.exists(app)) {
            throw new IllegalStateException(app + " is missing: run scripts/build-samples (scripts/test does)");
        }
        return Files.readAllBytes(app);
    }
}
