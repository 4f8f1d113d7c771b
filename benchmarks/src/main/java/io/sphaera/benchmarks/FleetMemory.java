package io.sphaera.benchmarks;

import io.sphaera.emulator.device.DeviceSeams;
import io.sphaera.emulator.device.Factory;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.sim.VirtualClock;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.peripherals.flash.PagePool;
import io.sphaera.pluton.boot.BootOutcome;
import io.sphaera.pluton.boot.BootReport;
import io.sphaera.pluton.fuse.ManufacturingState;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Heap per device in a JVM holding a fleet: manufactures and boots N devices with realistic images on in-memory
 * flash, then compares the heap in use (after full collections) with the heap before them. Identical pages
 * (the factory images) are shared through the page pool; the figure beyond them is what each device costs itself.
 */
public final class FleetMemory {
    /** @param devices how many; bytesPerDevice the heap growth over them; sharedPages distinct pages in the pool */
    public record Result(int devices, long bytesPerDevice, long sharedPageBytes, long residentPagesPerDevice, double manufactureMs, double bootMs) {
    }

    private FleetMemory() {
    }

    /** Prints the figures for N devices (default 1000) without touching docs/. */
    public static void main(String[] args) throws Exception {
        System.out.println(measure(args.length > 0 ? Integer.parseInt(args[0]) : 1000));
    }

    public static Result measure(int n) throws Exception {
        Path dir = Files.createTempDirectory("sphaera-fleet");
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler(new VirtualClock(Instant.parse("2026-11-26T00:00:00Z")));
        SeededRandomness randomness = new SeededRandomness(1);
        Workspace w = Workspace.create(dir.resolve("ws"), scheduler.clock(), randomness.forParty("vendor"), "25.02", SystemRelease.Sizes.DEFAULT);
        Factory factory = new Factory(w.vendor(), w.release("25.02"), w.trustedKeyStoreImage());
        // One device first, so classes, the trusted key store and the factory images are in the heap before measuring.
        List<Mt3620Device> fleet = new ArrayList<>();
        fleet.add(make(factory, scheduler, randomness, "warm-up"));
        boot(fleet.get(0), scheduler);
        long before = usedHeap();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            fleet.add(make(factory, scheduler, randomness, "device-" + i));
        }
        long made = System.nanoTime();
        for (int i = 1; i <= n; i++) {
            if (boot(fleet.get(i), scheduler).outcome() != BootOutcome.BOOTED) {
                throw new IllegalStateException("device " + i + " did not boot");
            }
        }
        long booted = System.nanoTime();
        long after = usedHeap();
        long resident = fleet.stream().mapToLong(d -> d.nor().residentPages()).sum() / fleet.size();
        long shared = (long) PagePool.global().size() * NorFlash.SECTOR_SIZE;
        if (fleet.size() != n + 1) {
            throw new IllegalStateException();
        }
        return new Result(n, (after - before) / n, shared, resident, (made - start) / 1e6 / n, (booted - made) / 1e6 / n);
    }

    private static Mt3620Device make(Factory factory, VirtualTimeScheduler scheduler, SeededRandomness randomness, String name) throws Exception {
        DeviceSeams seams = new DeviceSeams(scheduler.clock(), scheduler, randomness.forParty(name), () -> 0L);
        return factory.manufacture(NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE), seams, ManufacturingState.DEVICE_COMPLETE);
    }

    private static BootReport boot(Mt3620Device device, VirtualTimeScheduler scheduler) {
        CompletableFuture<BootReport> booted = device.powerOn();
        scheduler.runUntilIdle(Duration.ofHours(1));
        return booted.join();
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
