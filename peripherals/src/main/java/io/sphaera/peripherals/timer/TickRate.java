package io.sphaera.peripherals.timer;

/**
 * A counter's exact rate: {@code ticks} ticks every {@code nanos} nanoseconds (32.768 kHz is 32768 per 10^9; the
 * 1 kHz setting, 32.768 kHz divided by 33, is 32768 per 33 * 10^9). Kept as a ratio so that long runs do not drift.
 */
public record TickRate(long ticks, long nanos) {
    public TickRate {
        if (ticks <= 0 || nanos <= 0) {
            throw new IllegalArgumentException("a rate needs positive ticks and nanos: " + ticks + "/" + nanos);
        }
    }

    /** Whole ticks counted in {@code elapsedNanos} (not negative). */
    public long ticksIn(long elapsedNanos) {
        // split so that the products stay far below 2^63
        return (elapsedNanos / nanos) * ticks + (elapsedNanos % nanos) * ticks / nanos;
    }

    /** The shortest time in which {@code count} ticks are counted (not negative). */
    public long nanosFor(long count) {
        long rest = (count % ticks) * nanos;
        return (count / ticks) * nanos + rest / ticks + (rest % ticks == 0 ? 0 : 1);
    }
}
