package io.sphaera.peripherals.flash;

import static io.sphaera.peripherals.flash.NorFlashTest.filled;
import static io.sphaera.peripherals.flash.NorFlashTest.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBackedFlashTest {
    private static final int SECTOR = NorFlash.SECTOR_SIZE;
    private static final int SIZE = 8 * SECTOR;

    @TempDir
    Path dir;

    private final PagePool pool = new PagePool();

    @Test
    void contentSurvivesCloseAndReopen() throws IOException {
        Path file = dir.resolve("device.flash");
        byte[] image = pattern(3 * SECTOR);
        try (NorFlash flash = NorFlash.open(file, SIZE, FlashWriteGate.NONE, pool)) {
            assertEquals(Optional.of(file), flash.file());
            flash.program(SECTOR, image, 0, image.length);
            flash.erase(2 * SECTOR, SECTOR);
            flash.program(2 * SECTOR + 7, new byte[] {0x42}, 0, 1);
        }

        try (NorFlash reopened = NorFlash.open(file, SIZE, FlashWriteGate.NONE, pool)) {
            byte[] expected = filled(SIZE, 0xFF);
            System.arraycopy(image, 0, expected, SECTOR, image.length);
            System.arraycopy(filled(SECTOR, 0xFF), 0, expected, 2 * SECTOR, SECTOR);
            expected[2 * SECTOR + 7] = 0x42;
            assertArrayEquals(expected, reopened.read(0, SIZE));
            assertEquals(3, reopened.residentPages());
            assertEquals(0, reopened.writeCount());
        }
    }

    @Test
    void theFileHoldsTheComplementOfEachByteSoErasedFlashIsZeros() throws IOException {
        Path file = dir.resolve("device.flash");
        try (NorFlash flash = NorFlash.open(file, SIZE, FlashWriteGate.NONE, pool)) {
            flash.program(5, new byte[] {0x12, 0x00}, 0, 2);
        }

        byte[] onDisk = Files.readAllBytes(file);
        byte[] expected = new byte[SIZE];
        expected[5] = (byte) 0xED;
        expected[6] = (byte) 0xFF;
        assertArrayEquals(expected, onDisk);
    }

    @Test
    void anErasedMt3620FlashCostsNoDiskBlocks() throws IOException {
        Path file = dir.resolve("device.flash");
        try (NorFlash flash = NorFlash.open(file, NorFlash.MT3620_SIZE, FlashWriteGate.NONE, pool)) {
            assertEquals(NorFlash.MT3620_SIZE, Files.size(file));
            assertArrayEquals(filled((int) NorFlash.MT3620_SIZE, 0xFF), flash.read(0, (int) NorFlash.MT3620_SIZE));
            flash.erase(0, NorFlash.MT3620_SIZE); // erasing erased sectors writes nothing
            flash.program(SECTOR, pattern(SECTOR), 0, SECTOR);
        }
        long allocated = allocatedBytes(file);
        assertTrue(allocated <= 64 * 1024, "the file takes " + allocated + " bytes of disk");

        try (NorFlash reopened = NorFlash.open(file, NorFlash.MT3620_SIZE, FlashWriteGate.NONE, pool)) {
            assertEquals(1, reopened.residentPages());
            assertArrayEquals(pattern(SECTOR), reopened.read(SECTOR, SECTOR));
        }
    }

    @Test
    void aFileOfTheWrongSizeIsRefusedAndLeftAlone() throws IOException {
        Path file = dir.resolve("device.flash");
        byte[] content = pattern(3 * SECTOR);
        Files.write(file, content);

        FlashImageException refused = assertThrows(FlashImageException.class,
                () -> NorFlash.open(file, 4 * SECTOR, FlashWriteGate.NONE, pool));

        String message = refused.getMessage();
        assertTrue(message.contains(file.toString()) && message.contains("12288") && message.contains("16384"), message);
        assertArrayEquals(content, Files.readAllBytes(file));
        try (NorFlash fits = NorFlash.open(file, 3 * SECTOR, FlashWriteGate.NONE, pool)) { // and it was let go
            assertEquals(3 * SECTOR, fits.size());
        }
    }

    @Test
    void anEmptyFileIsTakenForAnErasedFlash() throws IOException {
        Path file = Files.createFile(dir.resolve("device.flash"));
        try (NorFlash flash = NorFlash.open(file, SIZE, FlashWriteGate.NONE, pool)) {
            assertArrayEquals(filled(SIZE, 0xFF), flash.read(0, SIZE));
        }
        assertEquals(SIZE, Files.size(file));
    }

    @Test
    void aTornWriteIsOnDiskExactlyAsFarAsItGot() throws IOException {
        Path file = dir.resolve("device.flash");
        byte[] data = pattern(300);
        try (NorFlash flash = NorFlash.open(file, SIZE, PowerCutSchedule.tear(1, 100), pool)) {
            flash.program(2 * SECTOR, filled(SECTOR, 0x00), 0, SECTOR);
            assertThrows(PowerLossException.class, () -> flash.program(SECTOR - 50, data, 0, data.length));
        }
        try (NorFlash flash = NorFlash.open(file, SIZE, PowerCutSchedule.tear(0, SECTOR + 20), pool)) {
            assertThrows(PowerLossException.class, () -> flash.erase(0, 2 * SECTOR));
        }

        try (NorFlash reopened = NorFlash.open(file, SIZE, FlashWriteGate.NONE, pool)) {
            byte[] expected = filled(SIZE, 0xFF);
            // The program reached [SECTOR-50, SECTOR+50); the erase then took all of sector 0 and 20 bytes of 1.
            System.arraycopy(data, 70, expected, SECTOR + 20, 30);
            System.arraycopy(filled(SECTOR, 0x00), 0, expected, 2 * SECTOR, SECTOR);
            assertArrayEquals(expected, reopened.read(0, SIZE));
        }
    }

    @Test
    void aPowerCutBeforeAWriteLeavesNothingOnDisk() throws IOException {
        Path file = dir.resolve("device.flash");
        try (NorFlash flash = NorFlash.open(file, SIZE, PowerCutSchedule.cutBefore(0), pool)) {
            assertThrows(PowerLossException.class, () -> flash.program(0, pattern(SECTOR), 0, SECTOR));
        }
        assertArrayEquals(new byte[SIZE], Files.readAllBytes(file));
    }

    @Test
    void aFileIsOpenByOneFlashAtATime() throws IOException {
        Path file = dir.resolve("device.flash");
        try (NorFlash first = NorFlash.open(file, SIZE, FlashWriteGate.NONE, pool)) {
            FlashImageException refused = assertThrows(FlashImageException.class,
                    () -> NorFlash.open(file, SIZE, FlashWriteGate.NONE, pool));
            assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
            first.program(0, new byte[] {1}, 0, 1);
        }
        try (NorFlash second = NorFlash.open(file, SIZE, FlashWriteGate.NONE, pool)) {
            assertEquals(1, second.read(0, 1)[0]);
        }
    }

    @Test
    void devicesLoadedFromTheSameImageShareItsPages() throws IOException {
        byte[] image = pattern(SIZE);
        Path one = dir.resolve("one.flash");
        Path two = dir.resolve("two.flash");
        for (Path file : new Path[] {one, two}) {
            try (NorFlash flash = NorFlash.open(file, SIZE, FlashWriteGate.NONE, pool)) {
                flash.program(0, image, 0, image.length);
            }
        }

        try (NorFlash first = NorFlash.open(one, SIZE, FlashWriteGate.NONE, pool);
                NorFlash second = NorFlash.open(two, SIZE, FlashWriteGate.NONE, pool)) {
            for (int page = 0; page < SIZE / SECTOR; page++) {
                assertSame(first.pageAt(page), second.pageAt(page), "page " + page);
            }
            assertEquals(SIZE / SECTOR, pool.size());
        }
    }

    @Test
    void aClosedFlashNoLongerWritesItsFile() throws IOException {
        Path file = dir.resolve("device.flash");
        NorFlash flash = NorFlash.open(file, SIZE, FlashWriteGate.NONE, pool);
        flash.close();

        assertThrows(IllegalStateException.class, () -> flash.program(0, new byte[1], 0, 1));
        assertArrayEquals(new byte[SIZE], Files.readAllBytes(file));
    }

    /** The disk space a file takes, as stat(1) reports it; skips the check where there is no stat to ask. */
    private static long allocatedBytes(Path file) throws IOException {
        Process stat = null;
        try {
            stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            // no stat(1) on this machine: only the logical content is checked
        }
        assumeTrue(stat != null, "no stat(1) here to measure the file's disk use");
        String output = new String(stat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        try {
            assumeTrue(stat.waitFor() == 0, "stat(1) failed: " + output);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String[] blocksAndUnit = output.split(" ");
        return Long.parseLong(blocksAndUnit[0]) * Long.parseLong(blocksAndUnit[1]);
    }
}
