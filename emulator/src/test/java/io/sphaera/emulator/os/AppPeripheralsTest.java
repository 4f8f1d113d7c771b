package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.firmware.manifest.AppManifestParser;
import io.sphaera.firmware.manifest.HardwareDefinitions;
import io.sphaera.firmware.manifest.ManifestException;
import io.sphaera.firmware.manifest.PeripheralKind;
import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The manifest's Uart, I2cMaster, SpiMaster, Pwm and Adc lists become firewall blocks for the app's core. */
class AppPeripheralsTest {
    private static AppPeripherals of(String capabilities) throws ManifestException {
        String json = """
                {"SchemaVersion": 1, "Name": "p", "ComponentId": "3c1d9b8e-2f4a-4b6c-8d7e-9a0b1c2d3e4f",
                 "EntryPoint": "/bin/app", "CmdArgs": [], "Capabilities": %s, "ApplicationType": "Default"}"""
                .formatted(capabilities);
        return AppPeripherals.of(new AppManifestParser(HardwareDefinitions.shipped())
                .parse(json.getBytes(StandardCharsets.UTF_8)).capabilities());
    }

    @Test
    void eachListsBlocksGoToTheAppsCore() throws Exception {
        AppPeripherals p = of("""
                {"Gpio": [15], "Uart": ["ISU0"], "I2cMaster": ["ISU2"], "SpiMaster": ["ISU1"],
                 "Pwm": ["PWM-CONTROLLER-2"], "Adc": ["ADC-CONTROLLER-0"]}""");
        assertEquals(Set.of(PeripheralBlock.ofGpio(15).orElseThrow(), PeripheralBlock.ISU0, PeripheralBlock.ISU1,
                PeripheralBlock.ISU2, PeripheralBlock.PWM_CONTROLLER_2, PeripheralBlock.ADC_CONTROLLER_0), p.blocks());
        assertEquals(Set.of("ISU0"), p.granted(PeripheralKind.UART));
        assertEquals(Set.of("ISU2"), p.granted(PeripheralKind.I2C_MASTER));
        assertEquals(Set.of("ISU1"), p.granted(PeripheralKind.SPI_MASTER));
        assertEquals(Set.of("PWM-CONTROLLER-2"), p.granted(PeripheralKind.PWM));
        assertEquals(Set.of("ADC-CONTROLLER-0"), p.granted(PeripheralKind.ADC));
        Mt3620Peripherals chip = new Mt3620Peripherals();
        p.assignTo(Core.A7, chip.firewall());
        for (PeripheralBlock b : p.blocks()) {
            assertEquals(Core.A7, chip.firewall().owner(b).orElseThrow(), b::toString);
        }
    }

    @Test
    void anIsuInTwoRolesIsAManifestError() {
        ManifestException e = assertThrows(ManifestException.class,
                () -> of("{\"Uart\": [\"ISU0\"], \"I2cMaster\": [\"ISU0\"]}"));
        assertTrue(e.getMessage().contains("ISU0 is requested as both"), e.getMessage());
    }
}
