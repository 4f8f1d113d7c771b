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
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A C app's GPIO calls reach the chip's GPIO registers through the firewall, within its manifest and no further. */
class GpioAppTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-26T12:00:00Z"));

    private final Mt3620Peripherals chip = new Mt3620Peripherals();
    private final List<String> refusals = new ArrayList<>();

    private static AppManifest manifest() throws Exception {
        byte[] json = Files.readAllBytes(TestApps.root().resolve("emulator/src/test/apps/gpio/app_manifest.json"));
        return new AppManifestParser(HardwareDefinitions.shipped()).parse(json);
    }

    private AppOutcome run(AppLog log) throws Exception {
        AppPeripherals granted = AppPeripherals.of(manifest().capabilities());
        return new HighLevelApp("gpio", TestApps.wasm("gpio"), log,
                Applibs.forHighLevelApp(log, granted.gpios(), chip.bus(), refusals::add), CLOCK, new SplittableRandom(1)).run();
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
        assertEquals(List.of("GPIO 9 refused: not in the manifest's Gpio capability (EACCES)"), refusals,
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
}
