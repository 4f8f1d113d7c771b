package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.peripherals.Mt3620Peripherals;
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
        TestDevice t = TestDevice.make(dir, scheduler, 83);
        Mt3620Device device = t.device();
        for (int i = 0; i < realTimeApps.length; i++) {
            String name = realTimeApps[i];
            t.install(i, name, UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)), "{}", true, List.of(), TestApps.wasm(name));
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
