package io.sphaera.emulator.cli;

import java.io.PrintWriter;
import java.time.InstantSource;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * What a command may take from the world: the clock, randomness, the host's nanosecond ticker (only to report the
 * emulator's own cost) and the two output streams. {@link Main} wires the real ones; tests hand in fixed ones, so a
 * command's output is reproducible.
 */
public record CliContext(InstantSource clock, RandomGenerator random, LongSupplier ticker, PrintWriter out, PrintWriter err) {
}
