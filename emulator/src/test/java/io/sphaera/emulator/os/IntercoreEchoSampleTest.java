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

    private void boot(String highLevelAllows, String realTimeAllows) throws Exception {
        TestDevice t = TestDevice.make(dir, scheduler, 81);
        t.install(0, "intercore-echo-hl", HIGH_LEVEL, "{\"AllowedApplicationConnections\": [" + highLevelAllows + "]}", false,
                List.of(), TestDevice.sample("intercore-echo-hl"));
        t.install(1, "intercore-echo-rt", REAL_TIME, "{\"AllowedApplicationConnections\": [" + realTimeAllows + "]}", true,
                List.of(), TestDevice.sample("intercore-echo-rt"));
        start(t.device());
    }

    /** The benchmark's pair, from target/test-apps, each allowing the other. */
    private void bootPair(String highLevelApp, String realTimeApp, List<String> args) throws Exception {
        TestDevice t = TestDevice.make(dir, scheduler, 82);
        UUID hl = UUID.fromString("7e1f7c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
        UUID rt = UUID.fromString("6e1f7c2a-3b4d-4e5f-8a9b-0c1d2e3f4a5b");
        t.install(0, highLevelApp, hl, "{\"AllowedApplicationConnections\": [\"" + rt + "\"]}", false, args,
                TestApps.wasm(highLevelApp));
        t.install(1, realTimeApp, rt, "{\"AllowedApplicationConnections\": [\"" + hl + "\"]}", true, List.of(),
                TestApps.wasm(realTimeApp));
        start(t.device());
    }

    private void start(Mt3620Device device) {
        runtime = new A7Runtime(device, new Mt3620Peripherals(), log, os::add);
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
        bootPair("echo-bench-hl", "echo-bench-rt", List.of("300")); // 300 x 64 bytes: both 4 KiB rings wrap
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
