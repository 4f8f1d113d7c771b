package io.sphaera.pluton.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.pluton.MemoryFlash;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.TestChip;
import io.sphaera.pluton.fuse.AntiRollbackCounter;
import org.junit.jupiter.api.Test;

class TrustedKeyStoreUpdateTest {
    @Test
    void onlyARootSignedNotOlderStoreIsInstalled() throws Exception {
        TestChip chip = new TestChip(20);
        PlutonException forged = assertThrows(PlutonException.class,
                () -> chip.pluton.installTrustedKeyStore(TestChip.trustedKeyStore(2, TestChip.SYSTEM)));
        assertTrue(forged.getMessage().contains("not signed by the root key"), forged.getMessage());
        chip.pluton.installTrustedKeyStore(TestChip.trustedKeyStore(3));
        assertEquals(3, chip.pluton.counter(AntiRollbackCounter.TRUSTED_KEY_STORE));
        PlutonException older = assertThrows(PlutonException.class, () -> chip.pluton.installTrustedKeyStore(TestChip.trustedKeyStore(2)));
        assertTrue(older.getMessage().contains("below the counter 3"), older.getMessage());
    }

    @Test
    void aPowerCutAtEachWriteOfAStoreUpdateLeavesTheOldOrTheNewStore() throws Exception {
        TestChip probe = new TestChip(21);
        long before = probe.tks.writes() + probe.fuses.writes();
        probe.pluton.installTrustedKeyStore(TestChip.trustedKeyStore(2));
        long writes = probe.tks.writes() + probe.fuses.writes() - before;
        int tried = 0;
        for (long cut = 0; cut < writes; cut++) {
            for (int tear : new int[] {0, 3, 600}) {
                TestChip chip = new TestChip(21);
                // The store's record takes the update's writes; the counter fuse follows once it is complete.
                chip.tks.cutAt(cut, tear);
                try {
                    chip.pluton.installTrustedKeyStore(TestChip.trustedKeyStore(2));
                } catch (MemoryFlash.PowerCut expected) {
                    // Power gone.
                }
                chip.tks.powerRestored();
                chip.powerCycle();
                long sv = chip.pluton.trustedKeyStore().orElseThrow().image().metadata().securityVersion();
                assertTrue(sv == 1 || sv == 2, "security version " + sv);
                assertEquals(BootOutcome.BOOTED, chip.pluton.boot(chip.images(), BootCostModel.DEFAULT, () -> 0).outcome());
                tried++;
            }
        }
        assertTrue(tried >= 3, "tried " + tried);
    }
}
