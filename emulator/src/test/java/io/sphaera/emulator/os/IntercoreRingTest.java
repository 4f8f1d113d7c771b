package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The inter-core ring format: blocks, alignment, wraparound, a full ring, and what a misbehaving core can leave. */
class IntercoreRingTest {
    private static final int BASE = 0x1000;
    private static final int BUFFER = 256; // 192 bytes of data after the header
    private static final int OTHER = BASE + 0x1000;
    private static final UUID HL_APP = UUID.fromString("25025d2c-66da-4448-bae1-ac26fcdd3627");

    /** A plain byte array as the shared memory. */
    private static final class Ram implements IntercoreMemory {
        final byte[] bytes = new byte[0x3000];

        @Override
        public byte readByte(int address) {
            return bytes[address];
        }

        @Override
        public void writeByte(int address, byte value) {
            bytes[address] = value;
        }
    }

    private final Ram ram = new Ram();
    private final IntercoreRing ring = new IntercoreRing(ram, BASE, BUFFER, OTHER);

    @Test
    void aBlockIsLaidOutAsThePlatformsAndItsComponentIdIsAMixedEndianGuid() throws Exception {
        assertTrue(ring.write(HL_APP, "hi".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(22, ram.readInt(BASE + 64), "the size field counts the ID, the reserved word and the payload");
        byte[] id = new byte[16];
        System.arraycopy(ram.bytes, BASE + 68, id, 0, 16);
        assertArrayEquals(new byte[] {0x2c, 0x5d, 0x02, 0x25, (byte) 0xda, 0x66, 0x48, 0x44, (byte) 0xba, (byte) 0xe1,
                (byte) 0xac, 0x26, (byte) 0xfc, (byte) 0xdd, 0x36, 0x27}, id);
        assertEquals(32, ram.readInt(BASE), "the write position moves past the block, 16-byte aligned");
        IntercoreRing.Message m = ring.read().orElseThrow();
        assertEquals(HL_APP, m.component());
        assertEquals("hi", new String(m.payload(), StandardCharsets.US_ASCII));
        assertEquals(32, ram.readInt(OTHER + 4), "the reader keeps its position in the other buffer's header");
        assertEquals(Optional.empty(), ring.read());
    }

    @Test
    void messagesWrapAroundTheEndAndAFullRingRefusesMore() throws Exception {
        for (int round = 0; round < 20; round++) {
            byte[] payload = ("message " + round + " with some length").getBytes(StandardCharsets.US_ASCII);
            assertTrue(ring.write(HL_APP, payload), "round " + round);
            assertArrayEquals(payload, ring.read().orElseThrow().payload(), "round " + round);
        }
        int written = 0;
        while (ring.write(HL_APP, new byte[40])) {
            written++;
        }
        assertEquals(2, written, "192 bytes hold two 64-byte blocks with one alignment unit kept free");
        assertEquals(40, ring.read().orElseThrow().payload().length);
        assertTrue(ring.write(HL_APP, new byte[40]), "room again once the reader moved on");
        assertThrows(IllegalArgumentException.class, () -> ring.write(HL_APP, new byte[IntercoreRing.MAX_PAYLOAD + 1]));
    }

    @Test
    void positionsACoreCannotHaveAreRefused() {
        ram.writeInt(BASE, 8); // not aligned
        assertThrows(IntercoreFormatException.class, ring::read);
        ram.writeInt(BASE, 192); // past the data area
        assertThrows(IntercoreFormatException.class, () -> ring.write(HL_APP, new byte[1]));
        ram.writeInt(BASE, 32);
        ram.writeInt(BASE + 64, 1000); // a block larger than what was written
        assertThrows(IntercoreFormatException.class, ring::read);
    }

    @Test
    void everyFlippedByteOfARingReadsAMessageOrIsRefusedNeverAnythingElse() throws Exception {
        ring.write(HL_APP, "first".getBytes(StandardCharsets.US_ASCII));
        ring.write(HL_APP, "second message".getBytes(StandardCharsets.US_ASCII));
        byte[] pristine = ram.bytes.clone();
        int[] regions = {BASE, BASE + BUFFER, OTHER, OTHER + 64};
        for (int r = 0; r < regions.length; r += 2) {
            for (int at = regions[r]; at < regions[r + 1]; at++) {
                System.arraycopy(pristine, 0, ram.bytes, 0, pristine.length);
                ram.bytes[at] ^= (byte) 0xA5;
                try {
                    for (int i = 0; i < 4 && ring.read().isPresent(); i++) {
                        // reads what is there
                    }
                } catch (IntercoreFormatException expected) {
                    assertFalse(expected.getMessage().isBlank());
                }
            }
        }
    }
}
