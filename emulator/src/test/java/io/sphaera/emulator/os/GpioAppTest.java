package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.firmware.manifest.AppManifest;
import io.sphaera.firmware.manifest.AppManifestParser;
import io.sphaera.firmware.manifest.HardwareDefinitions;
import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.gpio.PinLevel;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A C app's GPIO calls reach the chip's GPIO registers through the firewall, within its manifest and no further. */
class GpioAppTest {
    private final io.sphaera.emulator.sim.VirtualTimeScheduler scheduler = TestApps.scheduler(Instant.parse("2026-11-26T12:00:00Z"));

    private final Mt3620Peripherals chip = new Mt3620Peripherals();
    private final List<String> refusals = new ArrayList<>();

    private static AppManifest manifest() throws Exception {
        byte[] json = Files.readAllBytes(TestApps.root().resolve("emulator/src/test/apps/gpio/app_manifest.json"));
        return new AppManifestParser(HardwareDefinitions.shipped()).parse(json);
    }

    private AppOutcome run(AppLog log) throws Exception {
        AppPeripherals granted = AppPeripherals.of(manifest().capabilities());
        return TestApps.runToEnd(new HighLevelApp("gpio", TestApps.wasm("gpio"), log,
                Applibs.forHighLevelApp(log, granted.gpios(), chip.bus(), refusals::add), scheduler.clock(), new SplittableRandom(1)), scheduler);
    }

    @Test
    void grantedGpiosWorkAndEveryOtherCallFailsWithThePlatformsErrno() throws Exception {
        AppPeripherals.of(manifest().capabilities()).assignTo(Core.A7, chip.firewall());
        chip.gpioPin(12).orElseThrow().drive(PinLevel.HIGH); // the button, as the board wires it
        AppLog log = new AppLog();
        assertEquals(AppOutcome.exited(0), run(log));
        assertEquals(List.of(
                "open LED: ok",
                "open LED again: EBUSY",
                "open GPIO 9: EACCES",
                "open GPIO 24: ENODEV",
                "open GPIO 12 as a bad mode: EINVAL",
                "open GPIO 9 as a bad mode: EACCES", // the grant is checked first
                "open button: ok",
                "read button: ok",
                "button is high",
                "read into NULL: EFAULT",
                "set the button: EBADF",
                "set LED to 7: EINVAL",
                "read fd 99: EBADF",
                "LED low: ok",
                "read LED: ok",
                "LED reads low"), log.lines());
        assertEquals(PinLevel.LOW, chip.gpioPin(8).orElseThrow().outputLevel(), "the LED as the board sees it");
        assertEquals(List.of("GPIO 9 refused: not in the manifest's Gpio capability (EACCES)",
                "GPIO 9 refused: not in the manifest's Gpio capability (EACCES)"), refusals,
                "a call outside the manifest is noted");
    }

    @Test
    void theAppsBlocksGoToTheA7AndABlockAnotherCoreHoldsRefusesTheApp() throws Exception {
        AppPeripherals granted = AppPeripherals.of(manifest().capabilities());
        assertEquals(java.util.Set.of(PeripheralBlock.ofGpio(8).orElseThrow(), PeripheralBlock.ofGpio(12).orElseThrow()), granted.blocks());
        chip.firewall().assign(PeripheralBlock.ofGpio(12).orElseThrow(), Core.IO0); // a real-time app took the button's block
        AppLoadException e = assertThrows(AppLoadException.class, () -> granted.assignTo(Core.A7, chip.firewall()));
        assertTrue(e.getMessage().startsWith("peripheral already in use: "), e.getMessage());
        assertTrue(chip.firewall().owner(PeripheralBlock.ofGpio(8).orElseThrow()).isEmpty(), "nothing was assigned");
    }

    @Test
    void withoutTheFirewallsAssignmentTheRegistersRefuseTheA7() throws Exception {
        AppLog log = new AppLog();
        assertEquals(AppOutcome.exited(0), run(log));
        assertEquals("open LED: EACCES", log.lines().get(0));
        assertTrue(refusals.stream().anyMatch(r -> r.startsWith("GPIO access refused by the hardware firewall")), refusals::toString);
        assertEquals(PinLevel.FLOATING, chip.gpioPin(8).orElseThrow().outputLevel(), "the LED was never driven");
    }

    @Test
    void anAppThatSleepsBlinksOnTheDevicesTimeAndReplaysExactly() throws Exception {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Mt3620Peripherals board = new Mt3620Peripherals();
            board.firewall().assign(PeripheralBlock.ofGpio(8).orElseThrow(), Core.A7);
            var clock = TestApps.scheduler(Instant.parse("2026-11-26T12:00:00Z"));
            AppLog log = new AppLog();
            AppOutcome outcome = TestApps.runToEnd(new HighLevelApp("blinker", TestApps.wasm("blinker"), log,
                    Applibs.forHighLevelApp(log, java.util.Set.of(8), board.bus(), refusals::add), clock.clock(),
                    new SplittableRandom(1)), clock);
            assertEquals(AppOutcome.exited(0), outcome);
            assertEquals(Instant.parse("2026-11-26T12:00:03Z"), clock.clock().instant(), "six half seconds of the device's time");
            assertEquals(PinLevel.HIGH, board.gpioPin(8).orElseThrow().outputLevel());
            runs.add(log.lines());
        }
        assertEquals(List.of("500 ms: LED off", "1000 ms: LED on", "1500 ms: LED off", "2000 ms: LED on", "2500 ms: LED off",
                "3000 ms: LED on"), runs.get(0));
        assertEquals(runs.get(0), runs.get(1), "a second run is the same run");
    }

    @Test
    void anAppWaitingInItsOwnLoopIsStoppedByTheDevice() throws Exception {
        var clock = TestApps.scheduler(Instant.parse("2026-11-26T12:00:00Z"));
        AppLog log = new AppLog();
        HighLevelApp app = new HighLevelApp("sleeper", TestApps.wasm("sleeper"), log, Applibs.logOnly(log), clock.clock(),
                new SplittableRandom(1));
        var started = new java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<AppOutcome>>();
        clock.execute(() -> started.set(app.start(clock)));
        clock.advanceBy(java.time.Duration.ofHours(2).plusMinutes(30));
        assertEquals(List.of("hour 0", "hour 1", "hour 2"), log.lines());
        assertTrue(!started.get().isDone(), "still sleeping");
        clock.execute(app::stop);
        clock.runReady();
        AppOutcome outcome = started.get().getNow(null);
        assertTrue(outcome != null && outcome.crashed(), String.valueOf(outcome));
        assertTrue(outcome.crash().orElseThrow().contains("stopped"), outcome::toString);
    }

    @Test
    void theBlinkSampleChangesItsIntervalWhenButtonAIsPressed() throws Exception {
        Mt3620Peripherals board = new Mt3620Peripherals();
        var rdb = io.sphaera.peripherals.board.Board.attach(io.sphaera.peripherals.board.BoardDescription.mt3620Rdb(), board);
        board.firewall().assign(PeripheralBlock.ofGpio(8).orElseThrow(), Core.A7);
        board.firewall().assign(PeripheralBlock.ofGpio(12).orElseThrow(), Core.A7);
        var clock = TestApps.scheduler(Instant.parse("2026-11-26T12:00:00Z"));
        AppLog log = new AppLog();
        byte[] blink = java.nio.file.Files.readAllBytes(TestApps.root().resolve("target/samples/blink/bin/app"));
        HighLevelApp app = new HighLevelApp("blink", blink, log, Applibs.forHighLevelApp(log, java.util.Set.of(8, 12), board.bus(),
                refusals::add), clock.clock(), new SplittableRandom(1));
        // Count the LED's changes as the board sees them, every millisecond of the device's time.
        int[] changes = {0};
        PinLevel[] last = {PinLevel.FLOATING};
        clock.scheduleAtFixedRate(() -> {
            PinLevel now = board.gpioPin(8).orElseThrow().outputLevel();
            if (now != last[0]) {
                changes[0]++;
                last[0] = now;
            }
        }, 0, 1, java.util.concurrent.TimeUnit.MILLISECONDS);
        clock.execute(() -> app.start(clock));
        clock.advanceBy(java.time.Duration.ofSeconds(1));
        int atFirstInterval = changes[0];
        rdb.button("BUTTON_A").press();
        clock.advanceBy(java.time.Duration.ofMillis(100));
        rdb.button("BUTTON_A").release();
        clock.advanceBy(java.time.Duration.ofMillis(900));
        clock.execute(app::stop);
        clock.runReady();
        assertEquals(List.of("Blink starting: press button A to change the interval", "Interval now 250 ms"), log.lines());
        // The app polls every 10 ms, so a 125 ms interval is 130 ms and a 250 ms one 260 ms: in the first second the pin
        // is driven (one change) and toggles 7 times; in the next, at the longer interval, 4 times.
        assertEquals(8, atFirstInterval, "changes in the first second");
        assertEquals(4, changes[0] - atFirstInterval, "changes in the second, at the longer interval");
    }
}
