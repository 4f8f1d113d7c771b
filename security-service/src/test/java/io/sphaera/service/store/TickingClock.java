package io.sphaera.service.store;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A test clock that moves one millisecond each time it is read, so creation times differ and repeat across runs. */
final class TickingClock implements InstantSource {
    private final AtomicLong millis;

    TickingClock() {
        this(Instant.parse("2025-03-01T12:00:00Z"));
    }

    TickingClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.getAndIncrement());
    }
}
