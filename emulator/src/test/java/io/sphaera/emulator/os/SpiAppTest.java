package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sphaera.peripherals.spi.SpiNorFlash;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A C app's SPI calls reach the ISU's SPI master through the driver, within its manifest: the RDB's SPI NOR flash
 * gives its JEDEC ID, takes a page program and gives the page back.
 */
class SpiAppTest {
    @Test
    void theFlashAnswersAndEveryOtherCallFailsWithThePlatformsErrno() throws Exception {
        PeripheralApps rdb = new PeripheralApps("spi");
        assertEquals(AppOutcome.exited(0), rdb.run());
        assertEquals(List.of(
                "init config: 0",
                "open ISU1 CS A: 3",
                "open ISU1 CS A again: EBUSY",
                "open ISU2: EACCES",
                "open ISU7: ENODEV",
                "open ISU0 (a UART): EACCES",
                "open chip select 3: EINVAL",
                "open active high: ENOTSUP",
                "open without InitConfig: EINVAL",
                "speed 10 MHz: 0",
                "speed 80 MHz: 0", // a maximum: the controller's 40 MHz is below it
                "speed 1 kHz: EINVAL",
                "mode 0: 0",
                "mode invalid: EINVAL",
                "MSB first: 0",
                "order 7: EINVAL",
                "JEDEC ID: 4",
                "JEDEC ID: ef 40 16",
                "write enable: 1",
                "page program: 11",
                "read back: 11",
                "read back: Sphaera",
                "40 bytes out: EINVAL",
                "a write after the read: EINVAL",
                "no flags: EINVAL",
                "no transfers: EINVAL",
                "without InitTransfers: EINVAL",
                "write from NULL: EFAULT",
                "SPI on a UART: EBADF",
                "mode on fd 99: EBADF"), rdb.log.lines());
        SpiNorFlash flash = rdb.board.spiFlash("SPI_FLASH");
        byte[] programmed = new byte[7];
        for (int i = 0; i < programmed.length; i++) {
            programmed[i] = (byte) flash.peek(0x100 + i);
        }
        assertEquals("Sphaera", new String(programmed, StandardCharsets.US_ASCII), "the flash as the board holds it");
        assertEquals(List.of("SPIMaster_Open ISU2 refused: not in the manifest's SpiMaster capability (EACCES)",
                "SPIMaster_Open ISU0 refused: not in the manifest's SpiMaster capability (EACCES)"), rdb.refusals);
    }
}
