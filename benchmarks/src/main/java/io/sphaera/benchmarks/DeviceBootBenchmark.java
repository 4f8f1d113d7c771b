package io.sphaera.benchmarks;

import io.sphaera.emulator.device.DeviceSeams;
import io.sphaera.emulator.device.Factory;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.sim.VirtualClock;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.signing.VerificationKey;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.boot.BootCostModel;
import io.sphaera.pluton.boot.BootOutcome;
import io.sphaera.pluton.boot.BootReport;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.fuse.ManufacturingState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A cold boot of a manufactured device with realistic system images (192 KiB Pluton runtime, 128 KiB security
 * monitor, 2 MiB OS): power on, Pluton opens its state from flash, and secure boot verifies and measures every stage.
 * Beside it, the raw work no boot can skip: SHA-256 of the three system images' signed bytes and one ECDSA verify
 * each, with the same cached keys.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DeviceBootBenchmark {
    private VirtualTimeScheduler scheduler;
    private DeviceSeams seams;
    private NorFlash flash;
    private final List<byte[]> images = new ArrayList<>();
    private final List<byte[]> signatures = new ArrayList<>();
    private final List<VerificationKey> keys = new ArrayList<>();

    @Setup
    public void setUp() throws Exception {
        Path dir = Files.createTempDirectory("sphaera-bench");
        scheduler = new VirtualTimeScheduler(new VirtualClock(Instant.parse("2026-11-26T00:00:00Z")));
        SeededRandomness randomness = new SeededRandomness(1);
        Workspace w = Workspace.create(dir.resolve("ws"), scheduler.clock(), randomness.forParty("vendor"), "25.02",
                SystemRelease.Sizes.DEFAULT);
        SystemRelease release = w.release("25.02");
        seams = new DeviceSeams(scheduler.clock(), scheduler, randomness.forParty("device"), () -> 0L);
        flash = NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE);
        new Factory(w.vendor(), release, w.trustedKeyStoreImage()).manufacture(flash, seams, ManufacturingState.DEVICE_COMPLETE);
        // Every power-on verifies the three system images. (The trusted key store's own signature is checked once
        // per distinct store in a JVM and remembered by its SHA-256, so it is not counted as per-boot raw work.)
        List<byte[]> all = new ArrayList<>();
        for (BootStage stage : BootStage.values()) {
            all.add(release.images().get(stage));
            keys.add(w.vendor().systemImagesKey().verificationKey());
        }
        for (byte[] image : all) {
            ImagePackage.parse(image);
            images.add(image);
            signatures.add(Arrays.copyOfRange(image, image.length - 64, image.length));
        }
        if (coldBoot().outcome() != BootOutcome.BOOTED || !rawHashAndVerify()) {
            throw new IllegalStateException("the benchmark's device must boot");
        }
    }

    @Benchmark
    public BootReport coldBoot() {
        CompletableFuture<BootReport> booted = new Mt3620Device(flash, seams, BootCostModel.DEFAULT).powerOn();
        scheduler.runUntilIdle(Duration.ofHours(1));
        return booted.join();
    }

    @Benchmark
    public boolean rawHashAndVerify() throws Exception {
        boolean ok = true;
        for (int i = 0; i < images.size(); i++) {
            byte[] image = images.get(i);
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(image, 0, image.length - 64);
            ok &= keys.get(i).verifyDigest(sha256.digest(), signatures.get(i));
        }
        return ok;
    }
}
