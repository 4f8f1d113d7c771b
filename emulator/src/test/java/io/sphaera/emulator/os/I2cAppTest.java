package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A C app's I2C calls reach the ISU's I2C master through the driver, within its manifest: the RDB's TMP102 answers. */
class I2cAppTest {
    @Test
    void theSensorsRegistersComeBackAndEveryOtherCallFailsWithThePlatformsErrno() throws Exception {
        PeripheralApps rdb = new PeripheralApps("i2c");
        rdb.board.setTemperature("TEMPERATURE_SENSOR", -12.25);
        assertEquals(AppOutcome.exited(0), rdb.run());
        assertEquals(List.of(
                "open ISU2: 3",
                "open ISU2 again: EBUSY",
                "open ISU1: EACCES",
                "open ISU5: ENODEV",
                "open ISU0 (a UART): EACCES",
                "speed 400 kHz: 0",
                "speed 3.4 MHz: EINVAL",
                "timeout 100 ms: 0",
                "timeout 0: EINVAL",
                "temperature: 3",
                "temperature: -196/16 C", // -12.25 C in the sensor's 1/16 C steps
                "select configuration: 1",
                "read configuration: 2",
                "configuration: 0x60a0", // the TMP102's power-on configuration
                "nobody at 0x50: ENXIO",
                "a 10-bit address: EINVAL",
                "nine bytes: EINVAL",
                "read into NULL: EFAULT",
                "nothing to move: 0",
                "read() with no default target: EINVAL",
                "default target 0x48: 0",
                "default target 0x80: EINVAL",
                "read() from the default target: 2",
                "read(): 0x60a0",
                "I2C read on a UART: EBADF",
                "speed on fd 99: EBADF",
                "close: 0",
                "read after close: EBADF"), rdb.log.lines());
        assertEquals(List.of("I2CMaster_Open ISU1 refused: not in the manifest's I2cMaster capability (EACCES)",
                "I2CMaster_Open ISU0 refused: not in the manifest's I2cMaster capability (EACCES)"), rdb.refusals);
    }

    @Test
    void anIsuTheA7DoesNotHoldIsRefusedByTheFirewall() throws Exception {
        PeripheralApps rdb = new PeripheralApps("i2c", false);
        rdb.chip.firewall().assign(PeripheralBlock.ISU2, Core.IO0);
        assertEquals(AppOutcome.exited(0), rdb.run());
        assertEquals("open ISU2: EACCES", rdb.log.lines().get(0));
        assertTrue(rdb.refusals.get(0).startsWith("I2cMaster access refused by the hardware"), rdb.refusals::toString);
    }

    @Test
    void aBusHeldLowIsEbusy() throws Exception {
        PeripheralApps rdb = new PeripheralApps("i2c");
        rdb.chip.isu(2).i2cMaster().holdClockLow(true); // a device holding SCL low
        assertEquals(AppOutcome.exited(0), rdb.run());
        assertEquals("temperature: EBUSY", rdb.log.lines().get(9));
        assertEquals("nobody at 0x50: EBUSY", rdb.log.lines().get(14));
    }
}
