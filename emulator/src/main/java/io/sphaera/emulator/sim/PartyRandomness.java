package io.sphaera.emulator.sim;

import java.security.MessageDigest;
import java.util.random.RandomGenerator;

/**
 * One party's reproducible random stream (see {@link SeededRandomness} for its definition): SHA-256 of the party's
 * key and a block counter, handed out byte by byte. Every method that turns bytes into numbers is defined here, not
 * left to the JDK's defaults, so that a replay does not depend on the JDK version; only {@code nextGaussian},
 * {@code nextExponential} and the bounded {@code double}/{@code float} methods use the JDK's algorithms on top of
 * {@link #nextLong()} and {@link #nextDouble()}.
 *
 * <p>Safe to share between threads, as the JDK's {@code Random} and {@code SecureRandom} are: a service hands one
 * generator to all its event loops. Each primitive draw takes the next bytes atomically, so concurrent callers get
 * disjoint pieces of the one stream (which pieces each gets then depends on the threads' timing).
 */
final class PartyRandomness implements RandomGenerator {
    private static final int BLOCK = 32;

    private final String party;
    private final byte[] partyKey;
    private final MessageDigest sha256;
    private final byte[] counterBytes = new byte[Long.BYTES];
    private long counter;
    private byte[] block = new byte[BLOCK];
    private int used = BLOCK;

    PartyRandomness(String party, byte[] partyKey, MessageDigest sha256) {
        this.party = party;
        this.partyKey = partyKey;
        this.sha256 = sha256;
    }

    /** The next {@code bytes.length} bytes of the stream. */
    @Override
    public synchronized void nextBytes(byte[] bytes) {
        int filled = 0;
        while (filled < bytes.length) {
            if (used == BLOCK) {
                refill();
            }
            int n = Math.min(BLOCK - used, bytes.length - filled);
            System.arraycopy(block, used, bytes, filled, n);
            used += n;
            filled += n;
        }
    }

    /** The next 8 bytes, big-endian. */
    @Override
    public synchronized long nextLong() {
        long value = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            value = (value << 8) | (nextByte() & 0xFF);
        }
        return value;
    }

    /** The next 4 bytes, big-endian. */
    @Override
    public synchronized int nextInt() {
        int value = 0;
        for (int i = 0; i < Integer.BYTES; i++) {
            value = (value << 8) | (nextByte() & 0xFF);
        }
        return value;
    }

    /** The top bit of the next byte. */
    @Override
    public synchronized boolean nextBoolean() {
        return nextByte() < 0;
    }

    /** The top 53 bits of {@link #nextLong()}, scaled into [0, 1). */
    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** The top 24 bits of {@link #nextInt()}, scaled into [0, 1). */
    @Override
    public float nextFloat() {
        return (nextInt() >>> 8) * 0x1.0p-24f;
    }

    /**
     * Draws {@code nextInt() >>> 1} until it falls below the largest multiple of {@code bound} that fits in 31 bits,
     * and returns it modulo {@code bound} (the classic rejection method: uniform, no bias).
     */
    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        int m = bound - 1;
        int u = nextInt() >>> 1;
        int r;
        while (u + m - (r = u % bound) < 0) {
            u = nextInt() >>> 1;
        }
        return r;
    }

    /** {@code origin + nextInt(bound - origin)}; when that span overflows, draws {@code nextInt()} until one lies inside. */
    @Override
    public int nextInt(int origin, int bound) {
        if (origin >= bound) {
            throw new IllegalArgumentException("origin " + origin + " must be below bound " + bound);
        }
        int span = bound - origin;
        if (span > 0) {
            return origin + nextInt(span);
        }
        int r = nextInt();
        while (r < origin || r >= bound) {
            r = nextInt();
        }
        return r;
    }

    /** As {@link #nextInt(int)} with {@code nextLong() >>> 1} and 63 bits. */
    @Override
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long m = bound - 1;
        long u = nextLong() >>> 1;
        long r;
        while (u + m - (r = u % bound) < 0) {
            u = nextLong() >>> 1;
        }
        return r;
    }

    /** As {@link #nextInt(int, int)} with longs. */
    @Override
    public long nextLong(long origin, long bound) {
        if (origin >= bound) {
            throw new IllegalArgumentException("origin " + origin + " must be below bound " + bound);
        }
        long span = bound - origin;
        if (span > 0) {
            return origin + nextLong(span);
        }
        long r = nextLong();
        while (r < origin || r >= bound) {
            r = nextLong();
        }
        return r;
    }

    private byte nextByte() {
        if (used == BLOCK) {
            refill();
        }
        return block[used++];
    }

    private void refill() {
        for (int i = 0; i < Long.BYTES; i++) {
            counterBytes[i] = (byte) (counter >>> (56 - 8 * i));
        }
        counter++;
        sha256.update(partyKey);
        sha256.update(counterBytes);
        block = sha256.digest();
        used = 0;
    }

    /** Names the party but not its state, which is as secret as the keys cut from it. */
    @Override
    public String toString() {
        return "PartyRandomness[" + party + "]";
    }
}
