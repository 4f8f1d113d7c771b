package io.sphaera.emulator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.io.StringWriter;
import java.time.InstantSource;
import java.util.random.RandomGenerator;

/** Runs the CLI in-process as a user would type it, and checks results the way every CLI test must. */
final class CliRun {
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }

    private CliRun() {
    }

    /** The repository's root, found from the test's working directory (Maven runs tests in emulator/). */
    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("samples/blink/app_manifest.json"))) {
                return p;
            }
        }
        throw new AssertionError("cannot find samples/blink above " + Path.of("").toAbsolutePath());
    }

    /**
     * A copy of the built blink sample's package directory (target/samples/blink: its manifest and bin/app, which
     * scripts/build-samples makes from samples/blink) under {@code into}, for tests that change or pack it.
     */
    static Path blinkCopy(Path into) {
        Path from = repoRoot().resolve("target/samples/blink");
        if (!Files.isRegularFile(from.resolve("bin/app"))) {
            throw new AssertionError(from + "/bin/app is missing: run scripts/build-samples (scripts/test does)");
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = into.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!Files.exists(target)) {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return into;
    }

    static Result run(InstantSource clock, RandomGenerator random, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(clock, random, () -> 0L, new PrintWriter(out), new PrintWriter(err));
        int code = new SphaeraCli(context).run(args);
        return new Result(code, out.toString(), err.toString());
    }

    static Result ok(Result r) {
        assertEquals(ExitCode.OK, r.code(), r::toString);
        assertEquals("", r.err(), r::toString);
        return r;
    }

    /** A failure: the exit code, nothing on stdout, one "sphaera: " line on stderr with no stack trace. */
    static Result failed(Result r, int code, String... fragments) {
        assertEquals(code, r.code(), r::toString);
        assertEquals("", r.out(), () -> "stdout must be empty on error\n" + r);
        assertOneErrorLine(r);
        for (String f : fragments) {
            assertTrue(r.err().contains(f), () -> "stderr should mention '" + f + "'\n" + r);
        }
        return r;
    }

    static void assertOneErrorLine(Result r) {
        assertTrue(r.err().startsWith("sphaera: "), () -> "stderr must start with 'sphaera: '\n" + r);
        assertEquals(1, r.err().lines().count(), () -> "stderr must be exactly one line\n" + r);
        assertTrue(r.err().endsWith(System.lineSeparator()), r::toString);
        assertFalse(r.err().contains("at io.sphaera"), () -> "no stack trace without --verbose\n" + r);
        assertFalse(r.err().contains("\tat "), () -> "no stack trace without --verbose\n" + r);
        assertFalse(r.err().contains("internal error"), () -> "a bad input is not a bug\n" + r);
        assertFalse(r.err().contains("Exception"), () -> "no exception names without --verbose\n" + r);
    }
}
