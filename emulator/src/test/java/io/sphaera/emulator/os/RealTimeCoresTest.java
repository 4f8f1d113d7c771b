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
import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.fuse.ManufacturingState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two I/O cores on a device: real-time apps talking through the M4-to-M4 mailbox, and a core's watchdog. */
class RealTimeCoresTest {
    @TempDir
    Path dir;

    private final VirtualTimeScheduler scheduler = TestApps.scheduler(Instant.parse("2026-11-26T12:00:00Z"));
    private final List<String> os = new ArrayList<>();
    private final List<String> console = new ArrayList<>();
    private A7Runtime runtime;

    private void boot(String... realTimeApps) throws Exception {
        SeededRandomness randomness = new SeededRandomness(83);
        Workspace w = Workspace.create(dir.resolve("ws"), scheduler.clock(), randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        Mt3620Device device = new Factory(w.vendor(), w.release("25.02"), w.trustedKeyStoreImage()).manufacture(
                NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE),
                new DeviceSeams(scheduler.clock(), scheduler, randomness.forParty("device"), () -> 0L), ManufacturingState.DEVICE_COMPLETE);
        for (int i = 0; i < realTimeApps.length; i++) {
            String name = realTimeApps[i];
            UUID component = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
            String manifest = """
                    {"SchemaVersion": 1, "Name": "%s", "ComponentId": "%s", "EntryPoint": "/bin/app", "CmdArgs": [],
                     "Capabilities": {}, "ApplicationType": "RealTimeCapable"}""".formatted(name, component);
            device.flash().appSlot(i).write(new ImagePackageBuilder(ImageKind.APPLICATIONS, component)
                    .imageId(UUID.nameUUIDFromBytes(("image " + name).getBytes(StandardCharsets.UTF_8)))
                    .buildTime(Instant.parse("2026-11-26T00:00:00Z"))
                    .addFile("app_manifest.json", manifest.getBytes(StandardCharsets.UTF_8), false)
                    .addFile("bin/app", TestApps.wasm(name), true)
                    .sign(w.vendor().productionImagesKey()));
        }
        runtime = new A7Runtime(device, new Mt3620Peripherals(), new AppLog(), os::add);
        runtime.onRealTimeConsole(console::add);
        device.run(runtime);
        device.powerOn();
    }

    @Test
    void twoRealTimeAppsTalkThroughTheMailboxBetweenTheCores() throws Exception {
        boot("rt-mbox-a", "rt-mbox-b");
        scheduler.advanceBy(Duration.ofMillis(500));
        assertTrue(os.contains("started real-time app rt-mbox-a on IO0") && os.contains("started real-time app rt-mbox-b on IO1"),
                os::toString);
        assertEquals(List.of("IO1: B got aaaaaa01 1", "IO0: A got bbbbbb01 10", "IO1: B got aaaaaa02 2",
                "IO0: A got bbbbbb02 20", "IO1: B got aaaaaa03 3", "IO0: A got bbbbbb03 30"), console);
        assertTrue(os.contains("real-time app rt-mbox-a exited with code 0"), os::toString);
    }

    @Test
    void aCoreWhoseWatchdogRunsOutResetsAndItsAppStartsAgain() throws Exception {
        boot("rt-watchdog");
        List<A7Runtime.AppRun> ends = new ArrayList<>();
        runtime.whenAppEnds(ends::add);
        scheduler.advanceBy(Duration.ofMillis(400)); // kicks at 50, 100, 150 ms; none after; 125 ms later the reset
        assertEquals(List.of("IO0: start, status 0000", "IO0: kick", "IO0: kick", "IO0: kick", "IO0: hanging",
                "IO0: start, status 8000"), console.subList(0, 6), console::toString);
        assertTrue(os.contains("real-time app rt-watchdog reset by IO0's watchdog"), os::toString);
        assertEquals(List.of(new A7Runtime.AppRun("rt-watchdog", AppOutcome.crashed("watchdog reset"))), ends,
                "a reset is an end the error reporter counts");
    }
}
