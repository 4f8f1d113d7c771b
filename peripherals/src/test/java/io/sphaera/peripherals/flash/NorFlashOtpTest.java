package io.sphaera.peripherals.flash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NorFlashOtpTest {
    @Test
    void aOneTimeProgrammableRangeProgramsButNeverErases() {
        NorFlash flash = NorFlash.inMemory(4 * NorFlash.SECTOR_SIZE, FlashWriteGate.NONE);
        flash.makeOneTimeProgrammable(NorFlash.SECTOR_SIZE, NorFlash.SECTOR_SIZE);
        flash.program(NorFlash.SECTOR_SIZE, new byte[] {0x0F}, 0, 1);
        assertThrows(OneTimeProgrammableException.class, () -> flash.erase(NorFlash.SECTOR_SIZE, NorFlash.SECTOR_SIZE));
        assertThrows(OneTimeProgrammableException.class, () -> flash.erase(0, 4L * NorFlash.SECTOR_SIZE));
        assertEquals(0x0F, flash.read(NorFlash.SECTOR_SIZE, 1)[0]);
        flash.erase(0, NorFlash.SECTOR_SIZE);
        flash.erase(2L * NorFlash.SECTOR_SIZE, 2L * NorFlash.SECTOR_SIZE);
    }
}
