package io.sphaera.emulator.device;

import java.time.InstantSource;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Everything a device takes from outside: time, its one executor, randomness, and the host's nanosecond ticker
 * (used only to report the emulator's own cost). Real runs wire the system's; simulations wire virtual ones.
 */
public record DeviceSeams(InstantSource clock, ScheduledExecutorService executor, RandomGenerator random, LongSupplier wallTicker) {
}
