package io.sphaera.emulator.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Simulation time: an {@link InstantSource} that moves only when told, so a replayed run reads exactly the same
 * times. Where an API wants a {@link java.time.Clock}, hand it {@code withZone(ZoneOffset.UTC)}: that clock reads
 * this one on every call, so it follows the advances.
 *
 * <p>Time is kept as nanoseconds since the start instant; it reaches about 292 years past the start, and an
 * advance beyond that is refused. Reads are safe from any thread; advances are meant for the one thread that drives
 * the simulation (normally through {@link VirtualTimeScheduler}).
 */
public final class VirtualClock implements InstantSource {
    private final Instant start;
    private volatile long elapsedNanos;

    public VirtualClock(Instant start) {
        this.start = Objects.requireNonNull(start, "start");
    }

    /** The instant this clock started at; {@link #nanoTime()} counts from here. */
    public Instant start() {
        return start;
    }

    @Override
    public Instant instant() {
        return start.plusNanos(elapsedNanos);
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    /**
     * Nanoseconds of virtual time since {@link #start()}: the virtual counterpart of the JVM's nanosecond ticker, for
     * measuring durations. Starts at 0 and never decreases.
     */
    public long nanoTime() {
        return elapsedNanos;
    }

    /** Virtual time passed since {@link #start()}. */
    public Duration elapsed() {
        return Duration.ofNanos(elapsedNanos);
    }

    /** Moves time forward by {@code amount}; a negative amount is refused, as time never runs backwards. */
    public synchronized void advance(Duration amount) {
        if (amount.isNegative()) {
            throw new IllegalArgumentException("virtual time cannot move backwards: advance by " + amount);
        }
        try {
            elapsedNanos = Math.addExact(elapsedNanos, amount.toNanos());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(
                    "advancing by " + amount + " goes beyond the ~292 years a virtual clock spans from " + start, e);
        }
    }

    /** Moves time forward to {@code target}; an instant before the current one is refused. */
    public synchronized void advanceTo(Instant target) {
        long targetNanos = nanosAt(target);
        if (targetNanos < elapsedNanos) {
            throw new IllegalArgumentException(
                    "virtual time cannot move backwards: it is " + instant() + ", asked for " + target);
        }
        elapsedNanos = targetNanos;
    }

    /** Moves to {@code targetNanos} if that is later than now; leaves time alone otherwise. */
    synchronized void moveForwardTo(long targetNanos) {
        if (targetNanos > elapsedNanos) {
            elapsedNanos = targetNanos;
        }
    }

    /** The {@link #nanoTime()} reading at {@code instant}; refuses instants this clock cannot represent. */
    long nanosAt(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (instant.isBefore(start)) {
            throw new IllegalArgumentException(instant + " is before the clock's start " + start);
        }
        try {
            return Duration.between(start, instant).toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(instant + " is beyond the ~292 years a virtual clock spans from " + start, e);
        }
    }

    /** The instant at a {@link #nanoTime()} reading. */
    Instant instantAt(long nanos) {
        return start.plusNanos(nanos);
    }

    @Override
    public String toString() {
        return "VirtualClock[" + instant() + "]";
    }
}
