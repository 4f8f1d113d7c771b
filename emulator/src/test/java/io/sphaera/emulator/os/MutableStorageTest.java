package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.device.Mt3620Flash;
import io.sphaera.peripherals.flash.FlashOperation;
import io.sphaera.peripherals.flash.FlashPartition;
import io.sphaera.peripherals.flash.FlashWriteOutcome;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.peripherals.flash.PowerLossException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The mutable files' flash format: each app's file found again by its component ID; torn or corrupt is no file, never garbage. */
class MutableStorageTest {
    private static final UUID A = UUID.fromString("11111111-1111-4111-8111-111111111111");
    private static final UUID B = UUID.fromString("22222222-2222-4222-8222-222222222222");
    private static final byte[] OLD = "the old settings".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "the new settings, a little longer".getBytes(StandardCharsets.UTF_8);

    /** A gate the test arms: it tears the {@code cutAt}-th write from now after {@code applied} bytes. */
    private static final class Cut implements io.sphaera.peripherals.flash.FlashWriteGate {
        int countdown = -1;
        long applied;

        @Override
        public FlashWriteOutcome beforeWrite(FlashOperation operation) {
            return countdown >= 0 && countdown-- == 0 ? FlashWriteOutcome.tornAfter(applied) : FlashWriteOutcome.complete();
        }
    }

    private final Cut cut = new Cut();
    private final FlashPartition partition = new Mt3620Flash(NorFlash.inMemory(NorFlash.MT3620_SIZE, cut)).partition("mutable-storage");
    private final MutableStorage storage = new MutableStorage(partition);

    @Test
    void eachAppsFileIsItsOwnAndIsFoundAgainByANewReader() {
        storage.write(A, OLD, OLD.length);
        storage.write(B, NEW, NEW.length);
        MutableStorage afterReboot = new MutableStorage(partition);
        assertArrayEquals(OLD, afterReboot.read(A).orElseThrow());
        assertArrayEquals(NEW, afterReboot.read(B).orElseThrow());
        storage.write(A, NEW, 3);
        assertArrayEquals("the".getBytes(StandardCharsets.UTF_8), storage.read(A).orElseThrow(), "a rewrite replaces the file");
        assertTrue(storage.delete(A));
        assertEquals(Optional.empty(), storage.read(A));
        assertFalse(storage.delete(A), "nothing left to delete");
        assertArrayEquals(NEW, storage.read(B).orElseThrow(), "deleting one app's file leaves the other's");
        storage.write(A, new byte[0], 0);
        assertArrayEquals(new byte[0], storage.read(A).orElseThrow(), "an empty file is a file");
    }

    @Test
    void threeAppsFitAndAFourthTakesTheSlotWrittenLongestAgo() {
        assertEquals(3, storage.slots());
        UUID c = UUID.fromString("33333333-3333-4333-8333-333333333333");
        UUID d = UUID.fromString("44444444-4444-4444-8444-444444444444");
        storage.write(A, OLD, OLD.length);
        storage.write(B, OLD, OLD.length);
        storage.write(c, OLD, OLD.length);
        storage.write(A, NEW, NEW.length); // A is now the newest, B the oldest
        storage.write(d, NEW, NEW.length);
        assertEquals(Optional.empty(), storage.read(B));
        assertArrayEquals(NEW, storage.read(A).orElseThrow());
        assertArrayEquals(OLD, storage.read(c).orElseThrow());
        assertArrayEquals(NEW, storage.read(d).orElseThrow());
    }

    @Test
    void theLargestFileFitsAndALargerOneIsRefused() {
        byte[] full = new byte[MutableStorage.MAX_FILE_BYTES];
        new java.util.SplittableRandom(7).nextBytes(full);
        storage.write(A, full, full.length);
        assertArrayEquals(full, storage.read(A).orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> storage.write(A, new byte[full.length + 1], full.length + 1));
    }

    @Test
    void everyFlippedByteOfTheFileReadsAsNoFileAndPastItsEndChangesNothing() {
        storage.write(A, OLD, OLD.length);
        byte[] sector = partition.read(0, NorFlash.SECTOR_SIZE);
        for (int at = 0; at < MutableStorage.HEADER + OLD.length + 16; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] flipped = sector.clone();
                flipped[at] ^= (byte) (1 << bit);
                rewriteFirstSector(flipped);
                Optional<byte[]> read = storage.read(A);
                if (at < MutableStorage.HEADER + OLD.length) {
                    assertEquals(Optional.empty(), read, "byte " + at + " bit " + bit);
                    assertEquals(Optional.empty(), storage.read(B), "no other app finds it either");
                } else {
                    assertArrayEquals(OLD, read.orElseThrow(), "byte " + at + " is past the file");
                }
            }
        }
    }

    @Test
    void aFileCutShortAtAnyByteReadsAsNoFile() {
        storage.write(A, OLD, OLD.length);
        byte[] sector = partition.read(0, NorFlash.SECTOR_SIZE);
        for (int end = 0; end < MutableStorage.HEADER + OLD.length; end++) {
            byte[] cutShort = sector.clone();
            java.util.Arrays.fill(cutShort, end, cutShort.length, (byte) 0xFF); // erased from there on
            rewriteFirstSector(cutShort);
            assertEquals(Optional.empty(), storage.read(A), "cut at " + end);
        }
    }

    @Test
    void aPowerCutAnywhereInARewriteLeavesTheOldFileTheNewOneOrNone() {
        // A rewrite is three flash writes (the slot's erase, the data, the header); tear each at several points.
        for (int write = 0; write < 3; write++) {
            for (long applied : new long[] {0, 1, 4, 31, 32, 63, 64, NEW.length - 1, 4096, 40_000}) {
                storage.write(A, OLD, OLD.length);
                cut.countdown = write;
                cut.applied = applied;
                assertThrows(PowerLossException.class, () -> storage.write(A, NEW, NEW.length));
                cut.countdown = -1;
                Optional<byte[]> after = new MutableStorage(partition).read(A);
                assertTrue(after.isEmpty() || java.util.Arrays.equals(after.get(), OLD) || java.util.Arrays.equals(after.get(), NEW),
                        "write " + write + " torn after " + applied + ": " + after.map(b -> new String(b, StandardCharsets.UTF_8)));
                storage.write(A, NEW, NEW.length); // and the slot takes a write again
                assertArrayEquals(NEW, storage.read(A).orElseThrow());
            }
        }
    }

    private void rewriteFirstSector(byte[] sector) {
        partition.erase(0, NorFlash.SECTOR_SIZE);
        partition.program(0, sector, 0, sector.length);
    }
}
