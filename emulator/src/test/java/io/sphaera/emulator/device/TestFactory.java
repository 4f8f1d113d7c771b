package io.sphaera.emulator.device;

import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.sim.VirtualClock;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.boot.BootReport;
import io.sphaera.pluton.fuse.ManufacturingState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A workspace, a factory and a virtual-time scheduler for device tests, all from one seed. */
final class TestFactory {
    final SeededRandomness randomness;
    final VirtualTimeScheduler scheduler = new VirtualTimeScheduler(new VirtualClock(Instant.parse("2026-11-26T00:00:00Z")));
    final Workspace workspace;
    final Factory factory;

    TestFactory(Path dir, long seed, int osKib) throws Exception {
        randomness = new SeededRandomness(seed);
        workspace = Workspace.create(dir, scheduler.clock(), randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(64 * 1024, 32 * 1024, osKib * 1024));
        factory = new Factory(workspace.vendor(), workspace.release("25.02"), workspace.trustedKeyStoreImage());
    }

    DeviceSeams seams(String party) {
        return new DeviceSeams(scheduler.clock(), scheduler, randomness.forParty(party), () -> 0L);
    }

    Mt3620Device manufacture(NorFlash flash, String party) throws Exception {
        return factory.manufacture(flash, seams(party), ManufacturingState.DEVICE_COMPLETE);
    }

    Mt3620Device manufactureInMemory(String party) throws Exception {
        return manufacture(NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE), party);
    }

    BootReport boot(Mt3620Device device) {
        CompletableFuture<BootReport> booted = device.powerOn();
        scheduler.runUntilIdle(Duration.ofHours(1));
        return booted.join();
    }
}
