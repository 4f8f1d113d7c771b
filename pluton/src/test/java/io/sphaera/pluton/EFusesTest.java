package io.sphaera.pluton;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.pluton.fuse.AntiRollbackCounter;
import io.sphaera.pluton.fuse.FuseException;
import io.sphaera.pluton.fuse.ManufacturingState;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EFusesTest {
    @Test
    void theManufacturingStateMovesForwardOnly() throws Exception {
        EFuses fuses = new EFuses(new MemoryFlash(4096, 4096));
        assertEquals(ManufacturingState.BLANK, fuses.manufacturingState());
        fuses.advanceManufacturingState(ManufacturingState.MODULE1_COMPLETE);
        assertEquals(ManufacturingState.MODULE1_COMPLETE, fuses.manufacturingState());
        fuses.advanceManufacturingState(ManufacturingState.MODULE1_COMPLETE);
        fuses.advanceManufacturingState(ManufacturingState.DEVICE_COMPLETE);
        assertEquals(ManufacturingState.DEVICE_COMPLETE, fuses.manufacturingState());
        FuseException back = assertThrows(FuseException.class, () -> fuses.advanceManufacturingState(ManufacturingState.BLANK));
        assertTrue(back.getMessage().contains("forward only"), back.getMessage());
    }

    @Test
    void aBurnedHashCannotBeChangedButCanBeBurnedAgainWithTheSameValue() throws Exception {
        EFuses fuses = new EFuses(new MemoryFlash(4096, 4096));
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) 0x5A);
        assertEquals(Optional.empty(), fuses.rootKeyHash());
        fuses.burnRootKeyHash(hash);
        fuses.burnRootKeyHash(hash);
        assertArrayEquals(hash, fuses.rootKeyHash().orElseThrow());
        byte[] other = hash.clone();
        other[0] = 0;
        assertThrows(FuseException.class, () -> fuses.burnRootKeyHash(other));
        assertArrayEquals(hash, fuses.rootKeyHash().orElseThrow());
    }

    @Test
    void countersOnlyGoUpAndStopAtTheirLastFuse() throws Exception {
        EFuses fuses = new EFuses(new MemoryFlash(4096, 4096));
        fuses.raiseCounter(AntiRollbackCounter.OS, 3);
        fuses.raiseCounter(AntiRollbackCounter.OS, 1);
        assertEquals(3, fuses.counter(AntiRollbackCounter.OS));
        assertEquals(0, fuses.counter(AntiRollbackCounter.PLUTON_RUNTIME));
        fuses.raiseCounter(AntiRollbackCounter.OS, AntiRollbackCounter.MAX);
        assertEquals(AntiRollbackCounter.MAX, fuses.counter(AntiRollbackCounter.OS));
        assertThrows(FuseException.class, () -> fuses.raiseCounter(AntiRollbackCounter.OS, AntiRollbackCounter.MAX + 1));
    }

    @Test
    void aPowerCutAtEachFuseWriteLeavesOldOrNewValues() throws Exception {
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) 0xC3);
        for (long cut = 0; cut < 8; cut++) {
            for (int tear : new int[] {0, 1, 7, 16}) {
                MemoryFlash flash = new MemoryFlash(4096, 4096);
                EFuses fuses = new EFuses(flash);
                fuses.raiseCounter(AntiRollbackCounter.SECURITY_MONITOR, 2);
                flash.cutAt(cut, tear);
                try {
                    fuses.raiseCounter(AntiRollbackCounter.SECURITY_MONITOR, 5);
                    fuses.burnRootKeyHash(hash);
                } catch (MemoryFlash.PowerCut expected) {
                    // The device is off; look at what the fuses hold.
                }
                flash.powerRestored();
                EFuses after = new EFuses(flash);
                int counter = after.counter(AntiRollbackCounter.SECURITY_MONITOR);
                assertTrue(counter >= 2 && counter <= 5, "counter " + counter);
                after.rootKeyHash().ifPresent(h -> assertArrayEquals(hash, h, "a hash that reads as set is the whole hash"));
                // Finishing the interrupted work completes it.
                after.raiseCounter(AntiRollbackCounter.SECURITY_MONITOR, 5);
                after.burnRootKeyHash(hash);
                assertEquals(5, after.counter(AntiRollbackCounter.SECURITY_MONITOR));
                assertArrayEquals(hash, after.rootKeyHash().orElseThrow());
            }
        }
    }
}
