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
import io.sphaera.firmware.manifest.AppManifestParser;
import io.sphaera.firmware.manifest.HardwareDefinitions;
import io.sphaera.firmware.manifest.PeripheralKind;
import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.board.Board;
import io.sphaera.peripherals.board.BoardDescription;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import io.sphaera.peripherals.uart.SerialBuffer;
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
        SeededRandomness randomness = new SeededRandomness(91);
        Workspace w = Workspace.create(dir.resolve("ws"), scheduler.clock(), randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        Mt3620Device device = new Factory(w.vendor(), w.release("25.02"), w.trustedKeyStoreImage()).manufacture(
                NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE),
                new DeviceSeams(scheduler.clock(), scheduler, randomness.forParty("device"), () -> 0L),
                ManufacturingState.DEVICE_COMPLETE);
        // The sample's manifest as pack-application writes it: the RDB's names resolved to ISU2 and ISU3.
        String manifest = """
                {"SchemaVersion": 1, "Name": "SensorReader_HighLevelApp", "ComponentId": "%s", "EntryPoint": "/bin/app",
                 "CmdArgs": [], "Capabilities": {"I2cMaster": ["ISU2"], "Uart": ["ISU3"]}, "ApplicationType": "Default"}"""
                .formatted(COMPONENT);
        byte[] wasm = Files.readAllBytes(TestApps.root().resolve("target/samples/sensor-reader/bin/app"));
        device.flash().appSlot(0).write(new ImagePackageBuilder(ImageKind.APPLICATIONS, COMPONENT)
                .imageId(UUID.fromString("5a1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"))
                .buildTime(Instant.parse("2026-11-26T00:00:00Z"))
                .addFile("app_manifest.json", manifest.getBytes(StandardCharsets.UTF_8), false)
                .addFile("bin/app", wasm, true)
                .sign(w.vendor().productionImagesKey()));
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
