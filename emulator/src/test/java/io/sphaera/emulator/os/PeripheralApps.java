package io.sphaera.emulator.os;

import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.firmware.manifest.AppManifestParser;
import io.sphaera.firmware.manifest.HardwareDefinitions;
import io.sphaera.firmware.manifest.PeripheralKind;
import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.board.Board;
import io.sphaera.peripherals.board.BoardDescription;
import io.sphaera.peripherals.mt3620.Core;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * One test app on the reference board: the RDB wired to a chip, the app's manifest blocks given to the A7 (as
 * A7Runtime does at boot), and the applibs A7Runtime gives it, with the OS log's refusals collected.
 */
final class PeripheralApps {
    final VirtualTimeScheduler scheduler = TestApps.scheduler(Instant.parse("2026-11-26T12:00:00Z"));
    final Mt3620Peripherals chip = new Mt3620Peripherals();
    final Board board = Board.attach(BoardDescription.mt3620Rdb(), chip);
    final List<String> refusals = new ArrayList<>();
    final AppLog log = new AppLog();
    final AppPeripherals peripherals;
    final HighLevelApp app;
    private CompletableFuture<AppOutcome> outcome;

    /** The test app {@code name} with its manifest's blocks assigned to the A7. */
    PeripheralApps(String name) throws Exception {
        this(name, true);
    }

    PeripheralApps(String name, boolean assign) throws Exception {
        byte[] json = Files.readAllBytes(TestApps.root().resolve("emulator/src/test/apps/" + name + "/app_manifest.json"));
        peripherals = AppPeripherals.of(new AppManifestParser(HardwareDefinitions.shipped()).parse(json).capabilities());
        if (assign) {
            peripherals.assignTo(Core.A7, chip.firewall());
        }
        var bus = chip.bus();
        AppApplibs applibs = Applibs.combine(List.of(
                Applibs.forHighLevelApp(log, peripherals.gpios(), bus, refusals::add),
                UartApplibs.group(peripherals.granted(PeripheralKind.UART), bus, refusals::add),
                I2cApplibs.group(peripherals.granted(PeripheralKind.I2C_MASTER), bus, refusals::add),
                SpiApplibs.group(peripherals.granted(PeripheralKind.SPI_MASTER), bus, refusals::add),
                PwmApplibs.group(peripherals.granted(PeripheralKind.PWM), bus, refusals::add),
                AdcApplibs.group(peripherals.granted(PeripheralKind.ADC), bus, refusals::add)));
        app = new HighLevelApp(name, TestApps.wasm(name), log, applibs, scheduler.clock(), new SplittableRandom(1));
    }

    /** Runs the app to its end. */
    AppOutcome run() {
        return TestApps.runToEnd(app, scheduler);
    }

    /** Starts the app on the device's executor; it runs as the scheduler's time goes on. */
    void start() {
        scheduler.execute(() -> outcome = app.start(scheduler));
        scheduler.runReady();
    }

    /** How the app ended, once it has. */
    CompletableFuture<AppOutcome> outcome() {
        return outcome;
    }
}
