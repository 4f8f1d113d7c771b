package io.sphaera.emulator.sim;

import io.sphaera.firmware.signing.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The simulation's randomness seam: from a run's seed, one independent, reproducible {@link RandomGenerator} per
 * named party (a device's serial such as {@code "device-0042"}, or {@code "service"}). The same seed and name give
 * the same values in every run, on every JVM; different names or seeds give unrelated streams. Keys, nonces and image
 * IDs made in a replayed run therefore repeat exactly.
 *
 * <p>The derivation, which replays depend on and which must therefore never change silently (change the label):
 * <pre>
 *   partyKey = SHA-256( ASCII "sphaera.sim.randomness/v1" || 0x00 || runSeed as 8 bytes big-endian || UTF-8 name )
 *   stream   = SHA-256( partyKey || 0 as 8 bytes big-endian ) || SHA-256( partyKey || 1 ... ) || ...
 * </pre>
 * The generator hands out that byte stream in order: {@code nextBytes(b)} the next {@code b.length} bytes,
 * {@code nextLong()} the next 8 and {@code nextInt()} the next 4 (big-endian), {@code nextBoolean()} the top bit of
 * the next byte; {@code nextDouble()}, {@code nextFloat()} and the bounded integer methods are defined on those as
 * documented in the generator. A hash stream, rather than a fast PRNG, because keys are cut from it and its
 * definition fits in two lines that any language can check.
 *
 * <p>Each call to {@link #forParty} starts a fresh generator at the beginning of that party's stream: a party that
 * needs randomness in two places should share one generator, or use two names ({@code "device-0042/pluton"}).
 * This is for simulation only: a run seed is 64 bits, so the keys it yields are as guessable as the seed.
 */
public final class SeededRandomness {
    static final String LABEL = "sphaera.sim.randomness/v1";

    private final long runSeed;

    public SeededRandomness(long runSeed) {
        this.runSeed = runSeed;
    }

    public long runSeed() {
        return runSeed;
    }

    /** The generator for {@code party}, at the start of its stream; not safe for use by two threads at once. */
    public RandomGenerator forParty(String party) {
        Objects.requireNonNull(party, "party");
        MessageDigest sha256 = Sha256.newDigest();
        sha256.update(LABEL.getBytes(StandardCharsets.US_ASCII));
        sha256.update((byte) 0);
        for (int shift = 56; shift >= 0; shift -= 8) {
            sha256.update((byte) (runSeed >>> shift));
        }
        sha256.update(party.getBytes(StandardCharsets.UTF_8));
        return new PartyRandomness(party, sha256.digest(), sha256);
    }

    @Override
    public String toString() {
        return "SeededRandomness[seed " + runSeed + "]";
    }
}
