package io.sphaera.peripherals.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The descriptor word: 32-byte-aligned header address in the top 27 bits, log2 of the size in the low 5. */
class BufferDescriptorTest {
    @Test
    void encodesAddressAndLog2Size() {
        BufferDescriptor descriptor = new BufferDescriptor(0x2200_C000, 1024);
        assertEquals(0x2200_C00A, descriptor.encode());
        assertEquals(960, descriptor.dataSize(), "1 KiB less the 64-byte header");
        assertEquals(0x2200_C040, descriptor.dataAddress());
    }

    @Test
    void decodeUndoesEncodeForEverySizeAndManyAddresses() {
        for (int log2 = 7; log2 <= 30; log2++) {
            for (int address : new int[] {0, 0x20, 0x2200_C000, 0x2200_FFE0, 0xFFFF_FFE0}) {
                BufferDescriptor descriptor = new BufferDescriptor(address, 1 << log2);
                assertEquals(descriptor, BufferDescriptor.decode(descriptor.encode()));
                assertEquals(address | log2, descriptor.encode());
            }
        }
    }

    @Test
    void decodeReadsWhatTheAzureSampleReads() {
        int word = 0x2200_C00B;
        assertEquals(0x2200_C000, BufferDescriptor.decode(word).headerAddress(), "bufferBase & ~0x1F");
        assertEquals(1 << 11, BufferDescriptor.decode(word).size(), "1 << (bufferBase & 0x1F)");
    }

    @Test
    void refusesBadValues() {
        assertThrows(IllegalArgumentException.class, () -> new BufferDescriptor(0x2200_C010, 1024), "unaligned");
        assertThrows(IllegalArgumentException.class, () -> new BufferDescriptor(0x2200_C000, 1000), "not 2^n");
        assertThrows(IllegalArgumentException.class, () -> new BufferDescriptor(0x2200_C000, 64), "header only");
        assertThrows(IllegalArgumentException.class, () -> new BufferDescriptor(0x2200_C000, 0));
        assertThrows(IllegalArgumentException.class, () -> new BufferDescriptor(0x2200_C000, -1024));
        assertThrows(IllegalArgumentException.class, () -> BufferDescriptor.decode(0x2200_C006), "2^6: header only");
        assertThrows(IllegalArgumentException.class, () -> BufferDescriptor.decode(0x2200_C01F), "2^31 bytes");
    }
}
