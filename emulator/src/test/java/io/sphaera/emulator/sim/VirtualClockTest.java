package io.sphaera.emulator.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class VirtualClockTest {
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void timeMovesOnlyWhenTold() {
        VirtualClock clock = new VirtualClock(START);
        assertEquals(START, clock.instant());
        assertEquals(START.toEpochMilli(), clock.millis());
        assertEquals(0, clock.nanoTime());

        clock.advance(Duration.ofMillis(1500));
        assertEquals(START.plusMillis(1500), clock.instant());
        assertEquals(1_500_000_000L, clock.nanoTime());
        assertEquals(Duration.ofMillis(1500), clock.elapsed());

        clock.advanceTo(START.plusSeconds(10));
        assertEquals(START.plusSeconds(10), clock.instant());
        clock.advanceTo(START.plusSeconds(10));
        clock.advance(Duration.ZERO);
        assertEquals(10_000_000_000L, clock.nanoTime());
    }

    @Test
    void neverBackwards() {
        VirtualClock clock = new VirtualClock(START);
        clock.advance(Duration.ofSeconds(5));
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofNanos(-1)));
        assertThrows(IllegalArgumentException.class, () -> clock.advanceTo(START.plusSeconds(4)));
        assertThrows(IllegalArgumentException.class, () -> clock.advanceTo(START.minusSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofDays(365L * 1000)));
        assertEquals(START.plusSeconds(5), clock.instant());
    }

    @Test
    void aZonedClockFollowsTheVirtualOne() {
        VirtualClock virtual = new VirtualClock(START);
        Clock clock = virtual.withZone(ZoneOffset.UTC);
        virtual.advance(Duration.ofHours(3));
        assertEquals(START.plus(Duration.ofHours(3)), clock.instant());
        assertEquals(ZoneOffset.UTC, clock.getZone());
    }
}
