package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.firmware.manifest.AppManifestParser;
import io.sphaera.firmware.manifest.HardwareDefinitions;
import io.sphaera.firmware.manifest.PeripheralKind;
import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.board.Board;
import io.sphaera.peripherals.board.BoardDescription;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import io.sphaera.peripherals.uart.SerialBuffer;
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
 * The sensor-reader sample on a finished device with the reference board: every second the TMP102's temperature, as
 * the test sets it on the board, comes out of ISU3's UART as a line.
 */
class SensorReaderSampleTest {
    private static final UUID COMPONENT = UUID.fromString("4f6a8c1e-2b3d-4e5f-a6b7-c8d9e0f1a2b3");

    @TempDir
    Path dir;

    private final VirtualTimeScheduler scheduler = TestApps.scheduler(Instant.parse("2026-11-26T12:00:00Z"));
    private final List<String> os = new ArrayList<>();
    private final AppLog log = new AppLog();
    private final Mt3620Peripherals chip = new Mt3620Peripherals();
    private final Board board = Board.attach(BoardDescription.mt3620Rdb(), chip);

    private void boot() throws Exception {
        TestDevice t = TestDevice.make(dir, scheduler, 91);
        Mt3620Device device = t.device();
        // The sample's manifest as pack-application writes it: the RDB's names resolved to ISU2 and ISU3.
        t.install(0, "SensorReader_HighLevelApp", COMPONENT, "{\"I2cMaster\": [\"ISU2\"], \"Uart\": [\"ISU3\"]}", false,
                List.of(), TestDevice.sample("sensor-reader"));
        A7Runtime runtime = new A7Runtime(device, chip, log, os::add);
        device.run(runtime);
        device.powerOn();
    }

    @Test
    void theSamplesManifestNamesTheRdbsIsu2AsI2cAndIsu3AsUart() throws Exception {
        byte[] json = Files.readAllBytes(TestApps.root().resolve("samples/sensor-reader/app_manifest.json"));
        var capabilities = new AppManifestParser(HardwareDefinitions.shipped()).parse(json).capabilities();
        assertEquals(List.of("ISU2"), capabilities.granted(PeripheralKind.I2C_MASTER));
        assertEquals(List.of("ISU3"), capabilities.granted(PeripheralKind.UART));
    }

    @Test
    void everySecondTheTemperatureTheBoardHoldsComesOutOfTheUart() throws Exception {
        SerialBuffer line = board.connectSerial(3);
        board.setTemperature("TEMPERATURE_SENSOR", 22.5);
        boot();
        scheduler.advanceBy(Duration.ofMillis(2500));
        assertEquals("sensor reader\r\n22.50 C\r\n22.50 C\r\n", text(line));
        assertEquals(List.of("Sensor reader starting"), log.lines());
        assertEquals(Core.A7, chip.firewall().owner(PeripheralBlock.ISU2).orElseThrow());
        assertEquals(Core.A7, chip.firewall().owner(PeripheralBlock.ISU3).orElseThrow());
        assertTrue(os.contains("peripheral configuration locked"), os::toString);

        scheduler.execute(() -> board.setTemperature("TEMPERATURE_SENSOR", -5.125));
        scheduler.advanceBy(Duration.ofSeconds(1));
        assertEquals("-5.12 C\r\n", text(line));

        // A bus held low: the line says so, and the next reading after it lets go is a temperature again.
        scheduler.execute(() -> chip.isu(2).i2cMaster().holdClockLow(true));
        scheduler.advanceBy(Duration.ofSeconds(1));
        assertEquals("no reading: Resource busy\r\n", text(line));
        scheduler.execute(() -> {
            chip.isu(2).i2cMaster().holdClockLow(false);
            board.setTemperature("TEMPERATURE_SENSOR", 30.0625);
        });
        scheduler.advanceBy(Duration.ofSeconds(1));
        assertEquals("30.06 C\r\n", text(line));
        assertTrue(line.lastSettings().orElseThrow().matchesBaud(115200), line.lastSettings()::toString);
    }

    private static String text(SerialBuffer line) {
        return new String(line.takeReceived(), StandardCharsets.US_ASCII);
    }
}
