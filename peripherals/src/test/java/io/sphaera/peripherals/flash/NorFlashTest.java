package io.sphaera.peripherals.flash;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NorFlashTest {
    private static final int SECTOR = NorFlash.SECTOR_SIZE;

    private final NorFlash flash = NorFlash.inMemory(8 * SECTOR, FlashWriteGate.NONE, new PagePool());

    @Test
    void aNewFlashReadsErased() {
        assertArrayEquals(filled(8 * SECTOR, 0xFF), flash.read(0, 8 * SECTOR));
        assertEquals(0, flash.residentPages());
        assertEquals(0, flash.writeCount());
    }

    @Test
    void programmedBytesReadBackAcrossPages() {
        byte[] data = pattern(SECTOR + 100);
        flash.program(SECTOR - 50, data, 0, data.length);

        assertArrayEquals(data, flash.read(SECTOR - 50, data.length));
        assertEquals((byte) 0xFF, flash.read(SECTOR - 51, 1)[0]);
        assertEquals((byte) 0xFF, flash.read(SECTOR - 50 + data.length, 1)[0]);
        assertEquals(3, flash.residentPages());
    }

    @Test
    void programTakesItsBytesFromTheGivenSliceAndReadFillsTheGivenSlice() {
        byte[] data = {1, 2, 3, 4, 5, 6};
        flash.program(10, data, 2, 3);

        byte[] dst = filled(7, 0x55);
        flash.read(9, dst, 1, 5);
        assertArrayEquals(new byte[] {0x55, (byte) 0xFF, 3, 4, 5, (byte) 0xFF, 0x55}, dst);
    }

    @Test
    void repeatedProgramsThatOnlyClearBitsAreAllowed() {
        flash.program(0, new byte[] {(byte) 0xFC}, 0, 1);
        flash.program(0, new byte[] {(byte) 0xF0}, 0, 1);
        flash.program(0, new byte[] {(byte) 0xF0}, 0, 1);
        flash.program(0, new byte[] {(byte) 0x30}, 0, 1);

        assertEquals((byte) 0x30, flash.read(0, 1)[0]);
        assertEquals(4, flash.writeCount());
    }

    @Test
    void aProgramNeedingAZeroToOneTransitionIsRefusedAndChangesNothing() {
        flash.program(SECTOR + 7, new byte[] {(byte) 0xF0}, 0, 1);
        byte[] before = flash.read(0, 8 * SECTOR);
        byte[] data = filled(SECTOR + 16, 0x00);
        data[SECTOR + 7 - 4] = 0x0F; // lands on the 0xF0 byte: its low nibble would have to go 0 -> 1

        FlashProgramException refused =
                assertThrows(FlashProgramException.class, () -> flash.program(4, data, 0, data.length));

        assertEquals(SECTOR + 7, refused.offset());
        assertTrue(refused.getMessage().contains("0x" + Integer.toHexString(SECTOR + 7)), refused.getMessage());
        assertArrayEquals(before, flash.read(0, 8 * SECTOR));
        assertEquals(1, flash.writeCount());
    }

    @Test
    void eraseSetsExactlyTheGivenSectorsToFF() {
        flash.program(0, filled(4 * SECTOR, 0x00), 0, 4 * SECTOR);

        flash.erase(SECTOR, 2 * SECTOR);

        assertArrayEquals(filled(SECTOR, 0x00), flash.read(0, SECTOR));
        assertArrayEquals(filled(2 * SECTOR, 0xFF), flash.read(SECTOR, 2 * SECTOR));
        assertArrayEquals(filled(SECTOR, 0x00), flash.read(3 * SECTOR, SECTOR));
        assertEquals(2, flash.residentPages());
        flash.program(SECTOR, new byte[] {0x12}, 0, 1); // erased, so programmable again
        assertEquals(0x12, flash.read(SECTOR, 1)[0]);
    }

    @Test
    void eraseMustBeSectorAligned() {
        IllegalArgumentException offset = assertThrows(IllegalArgumentException.class, () -> flash.erase(1, SECTOR));
        assertTrue(offset.getMessage().contains("aligned"), offset.getMessage());
        assertThrows(IllegalArgumentException.class, () -> flash.erase(0, SECTOR + 1));
        assertThrows(IllegalArgumentException.class, () -> flash.erase(0, 100));
        assertEquals(0, flash.writeCount());
    }

    @Test
    void everyCallIsBoundsChecked() {
        long size = flash.size();
        IndexOutOfBoundsException read = assertThrows(IndexOutOfBoundsException.class, () -> flash.read(size - 2, 3));
        assertTrue(read.getMessage().contains("0x" + Long.toHexString(size - 2)), read.getMessage());
        assertTrue(read.getMessage().contains("+3"), read.getMessage());
        assertTrue(read.getMessage().contains(Long.toString(size)), read.getMessage());

        assertThrows(IndexOutOfBoundsException.class, () -> flash.read(-1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> flash.program(size, new byte[1], 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> flash.program(Long.MAX_VALUE, new byte[1], 0, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> flash.erase(size, SECTOR));
        assertThrows(IndexOutOfBoundsException.class, () -> flash.erase(0, size + SECTOR));
        assertThrows(IndexOutOfBoundsException.class, () -> flash.program(0, new byte[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> flash.read(0, new byte[4], 3, 2));
        assertEquals(0, flash.writeCount());
        assertArrayEquals(filled((int) size, 0xFF), flash.read(0, (int) size));
    }

    @Test
    void emptyWritesDoNothingAndAreNotCounted() {
        flash.program(flash.size(), new byte[0], 0, 0);
        flash.erase(SECTOR, 0);
        assertEquals(0, flash.writeCount());
    }

    @Test
    void theSizeMustBeAWholeNumberOfSectors() {
        assertThrows(IllegalArgumentException.class, () -> NorFlash.inMemory(SECTOR + 1, FlashWriteGate.NONE));
        assertThrows(IllegalArgumentException.class, () -> NorFlash.inMemory(0, FlashWriteGate.NONE));
        assertEquals(16L << 20, NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE).size());
    }

    @Test
    void aClosedFlashRefusesEveryCall() throws Exception {
        flash.close();
        assertThrows(IllegalStateException.class, () -> flash.read(0, 1));
        assertThrows(IllegalStateException.class, () -> flash.program(0, new byte[1], 0, 1));
        assertThrows(IllegalStateException.class, () -> flash.erase(0, SECTOR));
        flash.close(); // closing twice is harmless
    }

    @Test
    void aCopyStartsWithTheSameContentAndThenGoesItsOwnWay() {
        flash.program(0, pattern(2 * SECTOR), 0, 2 * SECTOR);
        NorFlash copy = NorFlash.inMemoryCopyOf(flash, FlashWriteGate.NONE);

        assertArrayEquals(flash.read(0, 8 * SECTOR), copy.read(0, 8 * SECTOR));
        assertEquals(0, copy.writeCount());
        copy.erase(0, SECTOR);
        flash.program(2 * SECTOR, new byte[] {1}, 0, 1);

        assertArrayEquals(pattern(SECTOR), flash.read(0, SECTOR));
        assertArrayEquals(filled(SECTOR, 0xFF), copy.read(0, SECTOR));
        assertEquals((byte) 0xFF, copy.read(2 * SECTOR, 1)[0]);
    }

    static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** Bytes with no repeating page in them and never 0xFF, so a stray erase or shift shows. */
    static byte[] pattern(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            int mixed = i * 0x9E3779B1;
            bytes[i] = (byte) Integer.remainderUnsigned(mixed ^ (mixed >>> 15), 255);
        }
        return bytes;
    }
}
