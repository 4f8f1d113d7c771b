package io.sphaera.peripherals.flash;

import static io.sphaera.peripherals.flash.NorFlashTest.filled;
import static io.sphaera.peripherals.flash.NorFlashTest.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PartitionTableTest {
    private static final int SECTOR = NorFlash.SECTOR_SIZE;

    private final NorFlash flash = NorFlash.inMemory(16 * SECTOR, FlashWriteGate.NONE, new PagePool());
    private final PartitionTable table = new PartitionTable(flash, List.of(
            new PartitionEntry("keys", 0, SECTOR),
            new PartitionEntry("slot-a", 2 * SECTOR, 4 * SECTOR),
            new PartitionEntry("journal", 6 * SECTOR, 2 * SECTOR)));

    @Test
    void partitionOffsetsCountFromThePartitionsStart() {
        FlashPartition slot = table.partition("slot-a");

        slot.program(10, pattern(20), 0, 20);

        assertArrayEquals(pattern(20), flash.read(2 * SECTOR + 10, 20));
        assertArrayEquals(pattern(20), slot.read(10, 20));
        assertEquals(2 * SECTOR, slot.offset());
        assertEquals(4 * SECTOR, slot.size());
        assertEquals("slot-a", slot.name());
    }

    @Test
    void erasingAPartitionLeavesItsNeighboursAlone() {
        flash.program(0, filled(8 * SECTOR, 0), 0, 8 * SECTOR);

        table.partition("slot-a").erase();
        table.partition("journal").erase(SECTOR, SECTOR);

        assertArrayEquals(filled(2 * SECTOR, 0), flash.read(0, 2 * SECTOR));
        assertArrayEquals(filled(4 * SECTOR, 0xFF), flash.read(2 * SECTOR, 4 * SECTOR));
        assertArrayEquals(filled(SECTOR, 0), flash.read(6 * SECTOR, SECTOR));
        assertArrayEquals(filled(SECTOR, 0xFF), flash.read(7 * SECTOR, SECTOR));
    }

    @Test
    void noCallReachesOutsideItsPartition() {
        FlashPartition keys = table.partition("keys");

        IndexOutOfBoundsException refused = assertThrows(IndexOutOfBoundsException.class,
                () -> keys.program(SECTOR - 2, new byte[4], 0, 4));

        assertTrue(refused.getMessage().contains("'keys'"), refused.getMessage());
        assertArrayEquals(filled(2 * SECTOR, 0xFF), flash.read(0, 2 * SECTOR));
        assertThrows(IndexOutOfBoundsException.class, () -> keys.read(-1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> keys.erase(SECTOR, SECTOR));
        assertThrows(IllegalArgumentException.class, () -> keys.erase(1, SECTOR - 1));
        assertEquals(0, flash.writeCount());
    }

    @Test
    void partitionsAreFoundByNameAndListedInOrder() {
        assertEquals(List.of("keys", "slot-a", "journal"),
                table.partitions().stream().map(FlashPartition::name).toList());
        NoSuchElementException missing = assertThrows(NoSuchElementException.class, () -> table.partition("slot-b"));
        assertTrue(missing.getMessage().contains("slot-b") && missing.getMessage().contains("journal"),
                missing.getMessage());
    }

    @Test
    void entriesMustBeNamedAndSectorAligned() {
        assertRefused("name", () -> new PartitionEntry(" ", 0, SECTOR));
        assertRefused("'a' starts at 0x10", () -> new PartitionEntry("a", 16, SECTOR));
        assertRefused("'a' has size 100", () -> new PartitionEntry("a", 0, 100));
        assertRefused("'a' has size 0", () -> new PartitionEntry("a", 0, 0));
        assertRefused("'a' starts at", () -> new PartitionEntry("a", -SECTOR, SECTOR));
    }

    @Test
    void aTableMustBeInOrderWithoutOverlapsOrRepeatsAndInsideTheFlash() {
        PartitionEntry a = new PartitionEntry("a", 0, 2 * SECTOR);
        assertRefused("'b' at 0x1000 overlaps 'a', which ends at 0x2000",
                () -> new PartitionTable(flash, List.of(a, new PartitionEntry("b", SECTOR, SECTOR))));
        assertRefused("'a' at 0x0 comes after 'b' at 0x4000",
                () -> new PartitionTable(flash, List.of(new PartitionEntry("b", 4 * SECTOR, SECTOR), a)));
        assertRefused("'a' appears twice",
                () -> new PartitionTable(flash, List.of(a, new PartitionEntry("a", 4 * SECTOR, SECTOR))));
        assertRefused("'c' ends at 0x11000, beyond the flash's 65536 bytes",
                () -> new PartitionTable(flash, List.of(a, new PartitionEntry("c", 15 * SECTOR, 2 * SECTOR))));

        PartitionTable touching = new PartitionTable(flash, List.of(a, new PartitionEntry("b", 2 * SECTOR, 14 * SECTOR)));
        assertEquals(2, touching.partitions().size());
    }

    private static void assertRefused(String expectedInMessage, Executable construction) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(refused.getMessage().contains(expectedInMessage), refused.getMessage());
    }
}
