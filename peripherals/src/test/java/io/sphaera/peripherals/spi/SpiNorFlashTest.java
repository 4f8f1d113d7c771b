package io.sphaera.peripherals.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpiNorFlashTest {
    private final SpiNorFlash flash = new SpiNorFlash(SpiNorFlash.W25Q32_JEDEC_ID);

    private int[] transaction(int... mosi) {
        flash.select();
        int[] miso = new int[mosi.length];
        for (int i = 0; i < mosi.length; i++) {
            miso[i] = flash.exchange(mosi[i]);
        }
        flash.deselect();
        return miso;
    }

    @Test
    void answersItsJedecIdAndSize() {
        assertArrayEquals(new int[] {0xFF, 0xEF, 0x40, 0x16}, transaction(0x9F, 0, 0, 0));
        assertEquals(4 << 20, flash.sizeBytes());
    }

    @Test
    void programNeedsWriteEnableAndOnlyClearsBits() {
        transaction(SpiNorFlash.PAGE_PROGRAM, 0, 0x10, 0, 0x12);
        assertEquals(0xFF, flash.peek(0x1000));

        transaction(SpiNorFlash.WRITE_ENABLE);
        assertEquals(SpiNorFlash.STATUS_WRITE_ENABLED, transaction(SpiNorFlash.READ_STATUS, 0)[1]);
        transaction(SpiNorFlash.PAGE_PROGRAM, 0, 0x10, 0, 0x12, 0x34);
        assertFalse(flash.isWriteEnabled(), "a program clears WEL");
        assertArrayEquals(new int[] {0xFF, 0xFF, 0xFF, 0xFF, 0x12, 0x34, 0xFF},
                transaction(SpiNorFlash.READ, 0, 0x10, 0, 0, 0, 0));

        transaction(SpiNorFlash.WRITE_ENABLE);
        transaction(SpiNorFlash.PAGE_PROGRAM, 0, 0x10, 0, 0xF0);
        assertEquals(0x10, flash.peek(0x1000));
    }

    @Test
    void aProgramWrapsWithinItsPage() {
        transaction(SpiNorFlash.WRITE_ENABLE);
        transaction(SpiNorFlash.PAGE_PROGRAM, 0, 0, 0xFF, 1, 2);
        assertEquals(1, flash.peek(0xFF));
        assertEquals(2, flash.peek(0x00));
        assertEquals(0xFF, flash.peek(0x100));
    }

    @Test
    void sectorAndChipEraseSetBytesBackToOnes() {
        transaction(SpiNorFlash.WRITE_ENABLE);
        transaction(SpiNorFlash.PAGE_PROGRAM, 0, 0x20, 0, 0);
        transaction(SpiNorFlash.WRITE_ENABLE);
        transaction(SpiNorFlash.SECTOR_ERASE, 0, 0x20, 0x55);
        assertEquals(0xFF, flash.peek(0x2000));
        transaction(SpiNorFlash.WRITE_ENABLE);
        assertTrue(flash.isWriteEnabled());
        transaction(SpiNorFlash.CHIP_ERASE);
        assertFalse(flash.isWriteEnabled());
    }
}
