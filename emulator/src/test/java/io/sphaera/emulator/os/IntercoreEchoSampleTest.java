package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.sphaera.pluton.fuse.ManufacturingState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inter-core echo samples on one device: the high-level app on the A7 and the real-time app on an M4, talking
 * through the mailbox and the shared buffers in the platform's format, on the device's time.
 */
class IntercoreEchoSampleTest {
    private static final UUID HIGH_LEVEL = UUID.fromString("25025d2c-66da-4448-bae1-ac26fcdd3627");
    private static final UUID REAL_TIME = UUID.fromString("005180bc-402f-4cb3-a662-72937dbcde47");

    @TempDir
    Path dir;

    private final VirtualTimeScheduler scheduler = TestApps.scheduler(Instant.parse("2026-11-26T12:00:00Z"));
    private final List<String> os = new ArrayList<>();
    private final List<String> console = new ArrayList<>();
    private final AppLog log = new AppLog();
    private A7Runtime runtime;

    private static byte[] pack(String sample, UUID component, String capabilities, String type, UUID imageId, SigningKey key)
            throws Exception {
        String manifest = """
                {"SchemaVersion": 1, "Name": "%s", "ComponentId": "%s", "EntryPoint": "/bin/app", "CmdArgs": [],
                 "Capabilities": %s, "ApplicationType": "%s"}""".formatted(sample, component, capabilities, type);
        return new ImagePackageBuilder(ImageKind.APPLICATIONS, component).imageId(imageId)
                .buildTime(Instant.parse("2026-11-26T00:00:00Z"))
                .addFile("app_manifest.json", manifest.getBytes(StandardCharsets.UTF_8), false)
                .addFile("bin/app", Files.readAllBytes(TestApps.root().resolve("target/samples/" + sample + "/bin/app")), true)
                .sign(key);
    }

    /** The benchmark's pair, from target/test-apps, under the samples' component IDs. */
    private void bootPair(String highLevelApp, String realTimeApp, String args) throws Exception {
        SeededRandomness randomness = new SeededRandomness(82);
        Workspace w = Workspace.create(dir.resolve("ws"), scheduler.clock(), randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        Mt3620Device device = new Factory(w.vendor(), w.release("25.02"), w.trustedKeyStoreImage()).manufacture(
                NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE),
                new DeviceSeams(scheduler.clock(), scheduler, randomness.forParty("device"), () -> 0L), ManufacturingState.DEVICE_COMPLETE);
        UUID hl = UUID.fromString("7e1f7c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
        UUID rt = UUID.fromString("6e1f7c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
        SigningKey key = w.vendor().productionImagesKey();
        device.flash().appSlot(0).write(packTestApp(highLevelApp, hl, rt, "Default", args, key));
        device.flash().appSlot(1).write(packTestApp(realTimeApp, rt, hl, "RealTimeCapable", "[]", key));
        runtime = new A7Runtime(device, new Mt3620Peripherals(), log, os::add);
        device.run(runtime);
        device.powerOn();
    }

    private static byte[] packTestApp(String name, UUID component, UUID peer, String type, String args, SigningKey key)
            throws Exception {
        String manifest = """
                {"SchemaVersion": 1, "Name": "%s", "ComponentId": "%s", "EntryPoint": "/bin/app", "CmdArgs": %s,
                 "Capabilities": {"AllowedApplicationConnections": ["%s"]}, "ApplicationType": "%s"}"""
                .formatted(name, component, args, peer, type);
        return new ImagePackageBuilder(ImageKind.APPLICATIONS, component).imageId(UUID.nameUUIDFromBytes(name.getBytes()))
                .buildTime(Instant.parse("2026-11-26T00:00:00Z"))
                .addFile("app_manifest.json", manifest.getBytes(StandardCharsets.UTF_8), false)
                .addFile("bin/app", TestApps.wasm(name), true)
                .sign(key);
    }

    private void boot(String highLevelAllows, String realTimeAllows) throws Exception {
        SeededRandomness randomness = new SeededRandomness(81);
        Workspace w = Workspace.create(dir.resolve("ws"), scheduler.clock(), randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        Mt3620Device device = new Factory(w.vendor(), w.release("25.02"), w.trustedKeyStoreImage()).manufacture(
                NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE),
                new DeviceSeams(scheduler.clock(), scheduler, randomness.forParty("device"), () -> 0L), ManufacturingState.DEVICE_COMPLETE);
        SigningKey key = w.vendor().productionImagesKey();
        device.flash().appSlot(0).write(pack("intercore-echo-hl", HIGH_LEVEL,
                "{\"AllowedApplicationConnections\": [" + highLevelAllows + "]}", "Default",
                UUID.fromString("3f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"), key));
        device.flash().appSlot(1).write(pack("intercore-echo-rt", REAL_TIME,
                "{\"AllowedApplicationConnections\": [" + realTimeAllows + "]}", "RealTimeCapable",
                UUID.fromString("4f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"), key));
        Mt3620Peripherals chip = new Mt3620Peripherals();
        runtime = new A7Runtime(device, chip, log, os::add);
        runtime.onRealTimeConsole(console::add);
        device.run(runtime);
        device.powerOn();
    }

    @Test
    void theHighLevelAppAndTheRealTimeAppEchoThroughTheMailbox() throws Exception {
        boot("\"" + REAL_TIME + "\"", "\"" + HIGH_LEVEL + "\"");
        scheduler.advanceBy(Duration.ofMillis(3500));
        assertTrue(os.contains("started real-time app intercore-echo-rt on IO0"), os::toString);
        assertEquals(List.of("IntercoreEcho_HighLevelApp starting", "sent hello-0", "received HELLO-0", "sent hello-1",
                "received HELLO-1", "sent hello-2", "received HELLO-2", "echoed 3 of 3"), log.lines().subList(0, 8), log.lines()::toString);
        assertEquals(List.of("IO0: IntercoreEcho_RTApp: waiting for the A7's buffers", "IO0: IntercoreEcho_RTApp: ready",
                "IO0: echo 7 bytes: HELLO-0", "IO0: echo 7 bytes: HELLO-1", "IO0: echo 7 bytes: HELLO-2"),
                console.subList(0, 5), console::toString);
    }

    @Test
    void theBenchmarksEchoPairRunsItsRoundTripsAcrossTheRingsEnds() throws Exception {
        bootPair("echo-bench-hl", "echo-bench-rt", "[\"300\"]"); // 300 x 64 bytes: both 4 KiB rings wrap
        scheduler.advanceBy(Duration.ofMillis(1500));
        assertEquals("300 round trips", log.lines().get(0), () -> log.lines() + " " + os);
        assertEquals(AppOutcome.exited(0), runtime.runs().get(0).outcome());
    }

    @Test
    void aConnectionEitherSideDoesNotAllowIsRefused() throws Exception {
        boot("\"" + REAL_TIME + "\"", "");
        scheduler.advanceBy(Duration.ofMillis(500));
        assertEquals("Application_Connect failed: Permission denied", log.lines().get(1), log.lines()::toString);
        assertTrue(os.stream().anyMatch(l -> l.contains("its AllowedApplicationConnections does not list")), os::toString);
    }

    @Test
    void aConnectionTheHighLevelAppsManifestDoesNotNameIsRefused() throws Exception {
        boot("", "\"" + HIGH_LEVEL + "\"");
        scheduler.advanceBy(Duration.ofMillis(500));
        assertEquals("Application_Connect failed: Permission denied", log.lines().get(1), log.lines()::toString);
        assertTrue(os.stream().anyMatch(l -> l.contains("not in AllowedApplicationConnections (EACCES)")), os::toString);
    }
}
