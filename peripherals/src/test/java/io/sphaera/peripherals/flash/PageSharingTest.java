package io.sphaera.peripherals.flash;

import static io.sphaera.peripherals.flash.NorFlashTest.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PageSharingTest {
    private static final int SECTOR = NorFlash.SECTOR_SIZE;
    private static final int MIB = 1 << 20;

    private final PagePool pool = new PagePool();

    @Test
    void flashesProgrammedWithTheSameImageShareItsPages() {
        byte[] image = pattern(MIB);
        NorFlash first = NorFlash.inMemory(2 * MIB, FlashWriteGate.NONE, pool);
        NorFlash second = NorFlash.inMemory(2 * MIB, FlashWriteGate.NONE, pool);

        programInChunks(first, image, 4096);
        programInChunks(second, image, 256); // by another route: pages are shared by content, not by history

        assertEquals(MIB / SECTOR, first.residentPages());
        assertEquals(MIB / SECTOR, second.residentPages());
        assertEquals(MIB / SECTOR, pool.size());
        for (int page = 0; page < 2 * MIB / SECTOR; page++) {
            assertSame(first.pageAt(page), second.pageAt(page), "page " + page);
        }
    }

    @Test
    void aWriteCopiesThePageItChangesAndLeavesTheSharedOneAlone() {
        byte[] image = pattern(4 * SECTOR);
        NorFlash first = NorFlash.inMemory(4 * SECTOR, FlashWriteGate.NONE, pool);
        NorFlash second = NorFlash.inMemory(4 * SECTOR, FlashWriteGate.NONE, pool);
        first.program(0, image, 0, image.length);
        second.program(0, image, 0, image.length);

        second.program(SECTOR, new byte[] {0}, 0, 1);

        assertArrayEquals(image, first.read(0, image.length));
        assertEquals(0, second.read(SECTOR, 1)[0]);
        assertNotSame(first.pageAt(1), second.pageAt(1));
        assertSame(first.pageAt(2), second.pageAt(2));
        assertEquals(4, second.residentPages());
        assertEquals(4, pool.size()); // the changed page is the second flash's own until it is done with it

        second.program(2 * SECTOR, new byte[] {0}, 0, 1); // moving on to another page shares the one left behind

        assertEquals(5, pool.size());
        assertEquals(0, second.pageAt(1).at(0));
    }

    @Test
    void smallWritesFillingAPageInOrderAddOnlyTheFinishedPageToThePool() {
        NorFlash flash = NorFlash.inMemory(2 * SECTOR, FlashWriteGate.NONE, pool);
        byte[] page = pattern(SECTOR);

        for (int at = 0; at < SECTOR; at += 16) {
            flash.program(at, page, at, 16);
        }

        assertEquals(1, pool.size());
        assertArrayEquals(page, flash.read(0, SECTOR));
    }

    @Test
    void erasedPagesAreTheOneSharedErasedPageAndNotPooled() {
        NorFlash flash = NorFlash.inMemory(4 * SECTOR, FlashWriteGate.NONE, pool);
        flash.program(0, pattern(2 * SECTOR), 0, 2 * SECTOR);

        flash.erase(0, 2 * SECTOR);

        assertEquals(0, flash.residentPages());
        assertSame(Page.ERASED, flash.pageAt(0));
        assertSame(NorFlash.inMemory(SECTOR, FlashWriteGate.NONE, new PagePool()).pageAt(0), flash.pageAt(1));
        flash.program(0, NorFlashTest.filled(SECTOR, 0xFF), 0, SECTOR); // programming 0xFF leaves it erased
        assertEquals(0, flash.residentPages());
    }

    @Test
    void thePoolForgetsPagesThatNoFlashHolds() {
        NorFlash kept = NorFlash.inMemory(4 * SECTOR, FlashWriteGate.NONE, pool);
        kept.program(0, pattern(SECTOR), 0, SECTOR);
        programADroppedFlash();
        assertEquals(4, pool.size());

        for (int attempt = 0; attempt < 50 && pool.size() > 1; attempt++) {
            System.gc();
        }

        assertEquals(1, pool.size());
        assertEquals(1, kept.residentPages());
    }

    private void programADroppedFlash() {
        NorFlash dropped = NorFlash.inMemory(4 * SECTOR, FlashWriteGate.NONE, pool);
        dropped.program(0, pattern(4 * SECTOR), 0, 4 * SECTOR); // page 0 is the kept flash's page 0
    }

    private static void programInChunks(NorFlash flash, byte[] image, int chunk) {
        for (int at = 0; at < image.length; at += chunk) {
            flash.program(at, image, at, chunk);
        }
    }
}
