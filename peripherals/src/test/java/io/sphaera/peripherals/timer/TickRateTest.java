package io.sphaera.peripherals.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TickRateTest {
    @Test
    void nanosForIsTheFirstInstantTheCountIsReached() {
        TickRate oneK = GeneralPurposeTimers.RATE_1K;
        long at = oneK.nanosFor(1000);
        assertEquals(1_007_080_079L, at);
        assertEquals(1000, oneK.ticksIn(at));
        assertEquals(999, oneK.ticksIn(at - 1));
    }

    @Test
    void longRunsNeitherOverflowNorDrift() {
        TickRate oneK = GeneralPurposeTimers.RATE_1K;
        long hundredYears = 100L * 365 * 24 * 3600 * 1_000_000_000L;
        long ticks = oneK.ticksIn(hundredYears);
        assertEquals(hundredYears / 33_000_000_000L * 32768
                + (hundredYears % 33_000_000_000L) * 32768 / 33_000_000_000L, ticks);
        assertEquals(ticks, oneK.ticksIn(oneK.nanosFor(ticks)));
        assertEquals(1L << 32, GeneralPurposeTimers.RATE_32K.ticksIn(GeneralPurposeTimers.RATE_32K.nanosFor(1L << 32)));
    }

    @Test
    void aRateNeedsPositiveTerms() {
        assertThrows(IllegalArgumentException.class, () -> new TickRate(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TickRate(1, -1));
    }
}
