package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

/** A C app drives GPIOs of every kind of block (group, ISU, ADC, I2S, GPIO80) through their registers. */
class GpioPinsTest {
    private final io.sphaera.emulator.sim.VirtualTimeScheduler scheduler =
            TestApps.scheduler(Instant.parse("2026-11-26T12:00:00Z"));
    private final Mt3620Peripherals chip = new Mt3620Peripherals();
    private final List<String> refusals = new ArrayList<>();

    private static AppManifest manifest() throws Exception {
        byte[] json = Files.readAllBytes(TestApps.root().resolve("emulator/src/test/apps/gpio-all/app_manifest.json"));
        return new AppManifestParser(HardwareDefinitions.shipped()).parse(json);
    }

    private List<String> run() throws Exception {
        AppPeripherals granted = AppPeripherals.of(manifest().capabilities());
        AppLog log = new AppLog();
        AppOutcome outcome = TestApps.runToEnd(new HighLevelApp("gpio-all", TestApps.wasm("gpio-all"), log,
                Applibs.forHighLevelApp(log, granted.gpios(), chip.bus(), refusals::add), scheduler.clock(),
                new SplittableRandom(1)), scheduler);
        assertEquals(AppOutcome.exited(0), outcome);
        return log.lines();
    }

    @Test
    void outputsAndInputsOfEveryKindOfBlockReachTheBoardAndAnotherCoresBlockIsRefused() throws Exception {
        AppPeripherals granted = AppPeripherals.of(manifest().capabilities());
        // a real-time app holds ISU4 (GPIO 71-75); the rest of the app's blocks are the A7's
        chip.firewall().assign(PeripheralBlock.ISU4, Core.IO0);
        granted.blocks().stream().filter(block -> block != PeripheralBlock.ISU4)
                .forEach(block -> chip.firewall().assign(block, Core.A7));
        chip.gpioPin(26).orElseThrow().drive(PinLevel.HIGH);
        chip.gpioPin(44).orElseThrow().drive(PinLevel.LOW);
        chip.gpioPin(61).orElseThrow().drive(PinLevel.HIGH);

        assertEquals(List.of(
                "output 0: reads 1",
                "output 31: reads 1",
                "output 41: reads 1",
                "output 56: reads 1",
                "output 66: reads 1",
                "output 80: reads 1",
                "input 26: reads 1",
                "input 44: reads 0",
                "input 61: reads 1",
                "input 75: EACCES",
                "output 72: EACCES"), run());

        assertEquals(PinLevel.HIGH, chip.gpioPin(0).orElseThrow().outputLevel(), "left high");
        for (int gpio : List.of(31, 41, 56, 66, 80)) {
            assertEquals(PinLevel.LOW, chip.gpioPin(gpio).orElseThrow().outputLevel(), "GPIO " + gpio + " set low");
        }
        for (int gpio : List.of(26, 32, 44, 57, 61, 67, 72, 75)) {
            assertEquals(PinLevel.FLOATING, chip.gpioPin(gpio).orElseThrow().outputLevel(), "GPIO " + gpio);
        }
        assertEquals(2, refusals.size(), refusals::toString);
        assertTrue(refusals.stream().allMatch(r -> r.startsWith("GPIO access refused by the hardware firewall")
                && r.contains("in use by IO0")), refusals::toString);
    }

    @Test
    void theAppsGpioRegistersLeaveTheIsuFreeForAnyRole() throws Exception {
        AppPeripherals.of(manifest().capabilities()).blocks().stream()
                .filter(block -> block != PeripheralBlock.ISU4)
                .forEach(block -> chip.firewall().assign(block, Core.A7));
        chip.firewall().assign(PeripheralBlock.ISU4, Core.IO0);
        run();
        for (int isu : new int[] {0, 1, 3}) {
            assertTrue(chip.isu(isu).role().isEmpty(), "ISU" + isu + ": GPIO use claims no role");
        }
    }
}
