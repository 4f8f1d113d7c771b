package io.sphaera.emulator.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;

/** The `sphaera` executable. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        CliContext context = new CliContext(
                Clock.systemUTC(), // seam: the CLI's entry is where the real clock comes in
                new SecureRandom(), // seam: the CLI's entry is where real randomness comes in
                System::nanoTime, // seam: the host's ticker, only to report what the emulator itself spent
                new PrintWriter(System.out, false, StandardCharsets.UTF_8),
                new PrintWriter(System.err, false, StandardCharsets.UTF_8));
        System.exit(new SphaeraCli(context).run(args));
    }
}
