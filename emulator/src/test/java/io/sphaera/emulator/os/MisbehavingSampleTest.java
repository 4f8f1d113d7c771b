package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.peripherals.Mt3620Peripherals;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The misbehaving sample on a finished device (signed with the production key): what it may not have is refused
 * with the platform's errno and noted; its crashes and exits are recorded and it is started again; when it hangs,
 * the device goes on.
 */
class MisbehavingSampleTest {
    private static final UUID COMPONENT = UUID.fromString("b1a5e0d2-7c3f-4f5e-9a8b-2c1d0e9f8a7b");

    @TempDir
    Path dir;

    private final VirtualTimeScheduler scheduler = TestApps.scheduler(Instant.parse("2026-11-26T12:00:00Z"));
    private final List<String> os = new ArrayList<>();
    private final AppLog log = new AppLog();
    private A7Runtime runtime;

    private Mt3620Device deviceRunning(String mode) throws Exception {
        TestDevice t = TestDevice.make(dir, scheduler, 71);
        Mt3620Device device = t.device();
        // The sample's manifest as pack-application writes it: $SAMPLE_LED resolved to GPIO 8.
        t.install(0, "Misbehaving_HighLevelApp", COMPONENT, "{\"Gpio\": [8]}", false, List.of(mode), TestDevice.sample("misbehaving"));
        Mt3620Peripherals chip = new Mt3620Peripherals();
        io.sphaera.peripherals.board.Board.attach(io.sphaera.peripherals.board.BoardDescription.mt3620Rdb(), chip);
        runtime = new A7Runtime(device, chip, log, os::add);
        device.run(runtime);
        device.powerOn();
        return device;
    }

    @Test
    void whatItMayNotHaveIsRefusedAndNotedAndItsCrashesAreRecordedAndRestarted() throws Exception {
        deviceRunning("crash");
        scheduler.advanceBy(Duration.ofMillis(3500));
        assertEquals(List.of("Misbehaving app (crash) starting",
                "GPIO 8, in the manifest: allowed (fd 3)",
                "GPIO 9, not in the manifest: refused (Permission denied)",
                "GPIO 13, not in the manifest: refused (Permission denied)",
                "crashing"), log.lines().subList(0, 5));
        assertTrue(os.contains("Misbehaving_HighLevelApp: GPIO 9 refused: not in the manifest's Gpio capability (EACCES)"), os::toString);
        assertTrue(os.contains("Misbehaving_HighLevelApp: GPIO 13 refused: not in the manifest's Gpio capability (EACCES)"), os::toString);
        assertTrue(os.contains("peripheral configuration locked"), "a finished device without appDevelopment: " + os);
        // Started at boot, crashed after 1 s, started again 1 s later, crashed again: two crashes by 3.5 s.
        assertEquals(2, runtime.runCount(), os::toString);
        assertTrue(runtime.runs().stream().allMatch(r -> r.outcome().crashed()), runtime.runs()::toString);
        assertTrue(os.stream().filter(l -> l.startsWith("started Misbehaving_HighLevelApp")).count() >= 2, os::toString);
    }

    @Test
    void itsExitCodeIsRecorded() throws Exception {
        deviceRunning("exit");
        scheduler.advanceBy(Duration.ofMillis(1500));
        assertEquals(AppOutcome.exited(7), runtime.runs().get(0).outcome());
        assertTrue(os.contains("Misbehaving_HighLevelApp exited with code 7"), os::toString);
    }

    @Test
    void whileItHangsTheDeviceGoesOnAndPowerOffStillStopsIt() throws Exception {
        Mt3620Device device = deviceRunning("hang");
        List<String> device_ = new ArrayList<>();
        scheduler.schedule(() -> device_.add("the device's own work at 1.05 s"), 1050, TimeUnit.MILLISECONDS);
        scheduler.advanceBy(Duration.ofMillis(1060));
        assertEquals(List.of("the device's own work at 1.05 s"), device_);
        assertTrue(log.lines().contains("hanging: a loop that never blocks"), log.lines()::toString);
        assertEquals("running", runtime.status().state());
        device.powerOff();
        scheduler.runReady();
        assertEquals("Misbehaving_HighLevelApp stopped", os.get(os.size() - 1));
        assertEquals(0, runtime.runCount(), "a hang is neither an exit nor a crash");
    }
}
