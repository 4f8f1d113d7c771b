package io.sphaera.peripherals.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The shared RAM: words for the I/O core, bytes for the A7, one content. */
class SharedMemoryTest {
    private final SharedMemory memory = SharedMemory.intercoreBuffers();

    @Test
    void itSitsInTheTopOfTheIoCoresSysram() {
        assertEquals(0x2200_C000, memory.baseAddress());
        assertEquals(16 * 1024, memory.size());
        long end = Integer.toUnsignedLong(memory.baseAddress()) + memory.size();
        assertEquals(Integer.toUnsignedLong(SharedMemory.SYSRAM_BASE) + SharedMemory.SYSRAM_SIZE, end);
        assertTrue(memory.contains(0x2200_FFFF));
        assertFalse(memory.contains(0x2201_0000));
        assertFalse(memory.contains(0x2200_BFFF));
        assertEquals(0x40, memory.offsetOf(0x2200_C040));
        assertThrows(IllegalArgumentException.class, () -> memory.offsetOf(0x2200_0000));
    }

    @Test
    void wordsAreLittleEndianBytes() {
        memory.write32(0x40, 0x1234_5678);
        assertArrayEquals(new byte[] {0x78, 0x56, 0x34, 0x12}, memory.readBytes(0x40, 4));
        memory.writeBytes(0x81, new byte[] {(byte) 0xAA, (byte) 0xBB});
        assertEquals(0x00BB_AA00, memory.read32(0x80));
    }

    @Test
    void everyAlignedWordInsideIsAddressableAndNothingElse() {
        assertTrue(memory.hasRegister(0));
        assertTrue(memory.hasRegister(memory.size() - 4));
        assertFalse(memory.hasRegister(memory.size()));
        assertFalse(memory.hasRegister(2));
        assertFalse(memory.hasRegister(-4));
        assertThrows(IllegalArgumentException.class, () -> memory.read32(memory.size()));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.readBytes(memory.size() - 2, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> memory.writeBytes(-1, new byte[1]));
    }

    @Test
    void resetZeroesTheContents() {
        memory.write32(0, -1);
        memory.reset();
        assertEquals(0, memory.read32(0));
    }

    @Test
    void refusesBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> new SharedMemory(0x2200_0000, 0));
        assertThrows(IllegalArgumentException.class, () -> new SharedMemory(0x2200_0000, 6));
        assertThrows(IllegalArgumentException.class, () -> new SharedMemory(0x2200_0002, 64));
        assertThrows(IllegalArgumentException.class, () -> new SharedMemory(0xFFFF_FFF0, 32));
    }
}
