package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.device.DeviceSeams;
import io.sphaera.emulator.device.Factory;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.peripherals.gpio.PinLevel;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import io.sphaera.pluton.capability.CapabilityGrant;
import io.sphaera.pluton.capability.DeviceCapability;
import io.sphaera.pluton.fuse.ManufacturingState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** At boot the A7's OS starts the verified app, gives it its peripherals, locks them when it should, and restarts it. */
class A7RuntimeTest {
    private static final UUID COMPONENT = UUID.fromString("5b1c9e2a-7d3f-4a8b-9c6e-1f2a3b4c5d6e");

    @TempDir
    Path dir;

    private final VirtualTimeScheduler scheduler = TestApps.scheduler(Instant.parse("2026-11-26T12:00:00Z"));
    private final SeededRandomness randomness = new SeededRandomness(51);
    private final Mt3620Peripherals chip = new Mt3620Peripherals();
    private final AppLog log = new AppLog();
    private final List<String> os = new ArrayList<>();
    private A7Runtime runtime;

    private Workspace workspace() throws Exception {
        return Workspace.create(dir.resolve("ws"), scheduler.clock(), randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
    }

    private static byte[] blinkerPackage(SigningKey key) throws Exception {
        return blinkerPackage(key, "Blinker", "[8]", UUID.fromString("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"));
    }

    private static byte[] blinkerPackage(SigningKey key, String name, String gpios, UUID imageId) throws Exception {
        String manifest = """
                {"SchemaVersion": 1, "Name": "%s", "ComponentId": "%s", "EntryPoint": "/bin/app", "CmdArgs": [],
                 "Capabilities": {"Gpio": %s}, "ApplicationType": "Default"}""".formatted(name, COMPONENT, gpios);
        return new ImagePackageBuilder(ImageKind.APPLICATIONS, COMPONENT)
                .imageId(imageId)
                .buildTime(Instant.parse("2026-11-26T00:00:00Z"))
                .addFile("app_manifest.json", manifest.getBytes(StandardCharsets.UTF_8), false)
                .addFile("bin/app", TestApps.wasm("blinker"), true)
                .sign(key);
    }

    private Mt3620Device device(Workspace w) throws Exception {
        Mt3620Device device = new Factory(w.vendor(), w.release("25.02"), w.trustedKeyStoreImage()).manufacture(
                NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE),
                new DeviceSeams(scheduler.clock(), scheduler, randomness.forParty("device"), () -> 0L), ManufacturingState.DEVICE_COMPLETE);
        runtime = new A7Runtime(device, chip, log, os::add);
        device.run(runtime);
        return device;
    }

    @Test
    void aSideloadedAppStartsAtBootBlinksAndIsStartedAgainWhenItEnds() throws Exception {
        Workspace w = workspace();
        Mt3620Device device = device(w);
        byte[] capability = new ImagePackageBuilder(ImageKind.DEVICE_CAPABILITY, UUID.fromString("a1b2c3d4-e5f6-4789-abcd-ef0123456789"))
                .imageId(UUID.fromString("11111111-2222-4333-8444-555555555555")).buildTime(Instant.parse("2026-11-26T00:00:00Z"))
                .addFile(CapabilityGrant.FILE, new CapabilityGrant(device.pluton().deviceId(), Set.of(DeviceCapability.APP_DEVELOPMENT))
                        .encode(), false)
                .sign(w.vendor().capabilitiesKey());
        device.pluton().applyCapability(capability);
        device.flash().appSlot(0).write(blinkerPackage(w.vendor().sdkTestKey()));

        device.powerOn();
        scheduler.advanceBy(Duration.ofSeconds(5));
        assertEquals("started Blinker", os.get(0));
        assertTrue(os.contains("Blinker exited with code 0"), os::toString);
        assertEquals(2, os.stream().filter("started Blinker"::equals).count(), "started again a second after it ended: " + os);
        assertFalse(chip.firewall().isLocked(), "a development device keeps its peripherals unlocked");
        assertEquals(Core.A7, chip.firewall().owner(PeripheralBlock.ofGpio(8).orElseThrow()).orElseThrow());
        assertEquals(List.of("500 ms: LED off", "1000 ms: LED on", "1500 ms: LED off"), log.lines().subList(0, 3));

        device.powerOff();
        scheduler.runReady();
        assertEquals("Blinker stopped", os.get(os.size() - 1));
        int lines = log.lines().size();
        scheduler.advanceBy(Duration.ofSeconds(10));
        assertEquals(lines, log.lines().size(), "nothing runs while the power is off");
    }

    @Test
    void onAFinishedDeviceTheConfigurationLocksAndAnotherCoreCannotTakeTheLed() throws Exception {
        Workspace w = workspace();
        Mt3620Device device = device(w);
        device.flash().appSlot(0).write(blinkerPackage(w.vendor().productionImagesKey()));
        device.powerOn();
        scheduler.advanceBy(Duration.ofSeconds(2));
        assertEquals(List.of("started Blinker", "peripheral configuration locked"), os.subList(0, 2));
        assertTrue(chip.firewall().isLocked());
        assertThrowsLocked(() -> chip.firewall().assign(PeripheralBlock.ofGpio(8).orElseThrow(), Core.IO0));
        assertThrowsLocked(() -> chip.firewall().assign(PeripheralBlock.ofGpio(12).orElseThrow(), Core.A7));
        scheduler.advanceBy(Duration.ofSeconds(3));
        assertEquals(2, os.stream().filter("started Blinker"::equals).count(), "a restart under the lock keeps its pins: " + os);
        assertTrue(chip.gpioPin(8).orElseThrow().outputLevel() != PinLevel.FLOATING, "the app drives the LED under the lock");
    }

    @Test
    void anUpdatedAppWithTheSamePeripheralsRestartsUnderTheLockAndOneWithOthersRebootsTheDevice() throws Exception {
        Workspace w = workspace();
        Mt3620Device device = device(w);
        SigningKey key = w.vendor().productionImagesKey();
        device.flash().appSlot(0).write(blinkerPackage(key));
        device.powerOn();
        scheduler.advanceBy(Duration.ofSeconds(1));
        assertTrue(chip.firewall().isLocked());

        device.flash().appSlot(0).write(blinkerPackage(key, "Blinker v2", "[8]", UUID.fromString("1f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0")));
        java.util.concurrent.atomic.AtomicReference<A7Runtime.AppsReload> done = new java.util.concurrent.atomic.AtomicReference<>();
        scheduler.execute(() -> done.set(runtime.appsChanged()));
        scheduler.runReady();
        assertEquals(A7Runtime.AppsReload.RESTARTED, done.get());
        assertTrue(os.contains("started Blinker v2"), os::toString);
        assertTrue(chip.firewall().isLocked(), "no reboot: the lock holds");

        device.flash().appSlot(0).write(blinkerPackage(key, "Blinker v3", "[12]", UUID.fromString("2f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0")));
        scheduler.execute(() -> done.set(runtime.appsChanged()));
        scheduler.advanceBy(Duration.ofSeconds(1));
        assertEquals(A7Runtime.AppsReload.REBOOTING, done.get());
        assertTrue(os.contains("the new apps claim other peripherals than the locked configuration holds: rebooting"), os::toString);
        assertTrue(os.contains("started Blinker v3"), "it runs after the reboot: " + os);
        assertEquals(Core.A7, chip.firewall().owner(PeripheralBlock.ofGpio(12).orElseThrow()).orElseThrow());
        assertTrue(chip.firewall().owner(PeripheralBlock.ofGpio(8).orElseThrow()).isEmpty(), "the old block is free after the reset");
    }

    @Test
    void aDeviceRunsOneHighLevelAppAlsoWhenAnUpdateBringsASecond() throws Exception {
        Workspace w = workspace();
        Mt3620Device device = device(w);
        SigningKey key = w.vendor().productionImagesKey();
        device.flash().appSlot(0).write(blinkerPackage(key));
        device.powerOn();
        scheduler.advanceBy(Duration.ofMillis(100));
        UUID other = UUID.fromString("6b1c9e2a-7d3f-4a8b-9c6e-1f2a3b4c5d6e");
        String manifest = """
                {"SchemaVersion": 1, "Name": "Second", "ComponentId": "%s", "EntryPoint": "/bin/app", "CmdArgs": [],
                 "Capabilities": {}, "ApplicationType": "Default"}""".formatted(other);
        device.flash().appSlot(1).write(new ImagePackageBuilder(ImageKind.APPLICATIONS, other)
                .imageId(UUID.fromString("3f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0")).buildTime(Instant.parse("2026-11-26T00:00:00Z"))
                .addFile("app_manifest.json", manifest.getBytes(StandardCharsets.UTF_8), false)
                .addFile("bin/app", TestApps.wasm("sleeper"), true)
                .sign(key));
        scheduler.execute(runtime::appsChanged);
        scheduler.runReady();
        assertTrue(os.contains("high-level app Second not started: a device runs one high-level app (Blinker)"), os::toString);
        assertTrue(os.stream().noneMatch("started Second"::equals), os::toString);
    }

    @Test
    void anUpdatedAppSignedByAKeyTheDeviceDoesNotTrustIsNotStarted() throws Exception {
        Workspace w = workspace();
        Mt3620Device device = device(w);
        device.flash().appSlot(0).write(blinkerPackage(w.vendor().productionImagesKey()));
        device.powerOn();
        scheduler.advanceBy(Duration.ofSeconds(1));
        device.flash().appSlot(0).write(blinkerPackage(w.vendor().sdkTestKey(), "Blinker v2", "[8]",
                UUID.fromString("1f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0")));
        scheduler.execute(runtime::appsChanged);
        scheduler.runReady();
        assertTrue(os.stream().anyMatch(l -> l.startsWith("app Blinker v2 in app-0 not started: ")), os::toString);
        assertTrue(os.stream().noneMatch(l -> l.equals("started Blinker v2")), os::toString);
    }

    private static void assertThrowsLocked(org.junit.jupiter.api.function.Executable change) {
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, change);
    }

    @Test
    void aPowerCycleWithinTheRestartDelayStartsTheAppOnce() throws Exception {
        Workspace w = workspace();
        Mt3620Device device = device(w);
        device.flash().appSlot(0).write(blinkerPackage(w.vendor().productionImagesKey()));
        device.powerOn();
        scheduler.advanceBy(Duration.ofMillis(3300)); // the blinker ended at about 3 s; its restart is due at about 4 s
        device.powerOff();
        scheduler.runReady();
        device.powerOn();
        scheduler.advanceBy(Duration.ofSeconds(2));
        assertEquals(2, os.stream().filter("started Blinker"::equals).count(), "one start per boot: " + os);
        device.powerOff();
        scheduler.runReady();
        int lines = log.lines().size();
        scheduler.advanceBy(Duration.ofSeconds(5));
        assertEquals(lines, log.lines().size(), "nothing runs while the power is off");
    }
}
