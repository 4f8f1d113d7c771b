package io.sphaera.peripherals.flash;

import static io.sphaera.peripherals.flash.NorFlashTest.filled;
import static io.sphaera.peripherals.flash.NorFlashTest.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.flash.FlashOperation.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class FlashWriteGateTest {
    private static final int SECTOR = NorFlash.SECTOR_SIZE;
    private static final int SIZE = 4 * SECTOR;

    /** A little update: erase, program across a page boundary, erase again, program. */
    private static final List<Consumer<NorFlash>> WRITES = List.of(
            flash -> flash.erase(0, 2 * SECTOR),
            flash -> flash.program(0, pattern(100), 0, 100),
            flash -> flash.program(SECTOR - 10, pattern(20), 0, 20),
            flash -> flash.erase(3 * SECTOR, SECTOR),
            flash -> flash.program(3 * SECTOR + 5, pattern(SECTOR - 5), 0, SECTOR - 5),
            flash -> flash.erase(SECTOR, SECTOR));

    private final PagePool pool = new PagePool();
    private final NorFlash factory = factoryFlash();

    @Test
    void theGateSeesEveryWriteBeforeItHappensInOrder() {
        List<FlashOperation> seen = new ArrayList<>();
        NorFlash flash = NorFlash.inMemory(SIZE, operation -> {
            seen.add(operation);
            return FlashWriteOutcome.complete();
        }, pool);

        flash.program(10, new byte[3], 0, 3);
        flash.erase(SECTOR, 2 * SECTOR);
        assertThrows(FlashProgramException.class, () -> flash.program(10, new byte[] {1}, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> flash.erase(1, SECTOR));

        assertEquals(List.of(
                new FlashOperation(Kind.PROGRAM, 10, 3, 0),
                new FlashOperation(Kind.ERASE, SECTOR, 2 * SECTOR, 1)), seen);
        assertEquals(2, flash.writeCount());
    }

    @Test
    void cuttingPowerBeforeEachWriteInTurnLeavesExactlyTheEarlierWrites() {
        for (int cut = 0; cut <= WRITES.size(); cut++) {
            PowerCutSchedule schedule = PowerCutSchedule.cutBefore(cut);
            NorFlash flash = NorFlash.inMemoryCopyOf(factory, schedule);

            int reached = runUntilPowerLoss(flash, 0);

            assertEquals(Math.min(cut, WRITES.size()), reached, "cut before write " + cut);
            assertEquals(cut < WRITES.size(), schedule.fired(), "cut before write " + cut);
            assertArrayEquals(contentAfter(reached), flash.read(0, SIZE), "cut before write " + cut);
            assertEquals(Math.min(cut + 1, WRITES.size()), flash.writeCount(), "cut before write " + cut);

            // Reboot from the same flash and redo the interrupted write and the rest: the cut does not come back.
            assertEquals(WRITES.size(), runUntilPowerLoss(flash, reached));
            assertArrayEquals(contentAfter(WRITES.size()), flash.read(0, SIZE));
        }
    }

    @Test
    void thePowerLossNamesTheWriteItInterrupted() {
        NorFlash flash = NorFlash.inMemoryCopyOf(factory, PowerCutSchedule.cutBefore(1));
        flash.erase(0, SECTOR);

        PowerLossException lost = assertThrows(PowerLossException.class, () -> flash.erase(SECTOR, SECTOR));

        assertEquals(new FlashOperation(Kind.ERASE, SECTOR, SECTOR, 1), lost.operation());
        assertEquals(0, lost.appliedBytes());
        assertTrue(lost.getMessage().contains("ERASE #1"), lost.getMessage());
        assertArrayEquals(Arrays.copyOfRange(pattern(SIZE), SECTOR, 2 * SECTOR), flash.read(SECTOR, SECTOR));
    }

    @Test
    void aTornProgramAppliesExactlyItsFirstBytes() {
        NorFlash flash = NorFlash.inMemory(SIZE, PowerCutSchedule.tear(0, 150), pool);
        byte[] data = pattern(2 * SECTOR);

        PowerLossException lost = assertThrows(PowerLossException.class,
                () -> flash.program(SECTOR - 100, data, 0, data.length));

        assertEquals(150, lost.appliedBytes());
        assertEquals(new FlashOperation(Kind.PROGRAM, SECTOR - 100, 2 * SECTOR, 0), lost.operation());
        byte[] expected = filled(SIZE, 0xFF);
        System.arraycopy(data, 0, expected, SECTOR - 100, 150);
        assertArrayEquals(expected, flash.read(0, SIZE));
        assertEquals(1, flash.writeCount());
    }

    @Test
    void aTornEraseErasesExactlyTheStartOfItsRange() {
        NorFlash flash = NorFlash.inMemoryCopyOf(factory, PowerCutSchedule.tear(0, SECTOR + 10));

        PowerLossException lost = assertThrows(PowerLossException.class, () -> flash.erase(SECTOR, 3 * SECTOR));

        assertEquals(SECTOR + 10, lost.appliedBytes());
        byte[] expected = pattern(SIZE);
        for (int i = SECTOR; i < 2 * SECTOR + 10; i++) {
            expected[i] = (byte) 0xFF;
        }
        assertArrayEquals(expected, flash.read(0, SIZE));
    }

    @Test
    void aTearPastTheEndOfTheWriteAppliesAllOfItAndStillLosesPower() {
        NorFlash flash = NorFlash.inMemory(SIZE, PowerCutSchedule.tear(0, 1000), pool);

        PowerLossException lost = assertThrows(PowerLossException.class,
                () -> flash.program(0, pattern(10), 0, 10));

        assertEquals(10, lost.appliedBytes());
        assertArrayEquals(pattern(10), flash.read(0, 10));
    }

    @Test
    void aRefusedProgramNeverReachesTheGate() {
        PowerCutSchedule schedule = PowerCutSchedule.cutBefore(0);
        NorFlash flash = NorFlash.inMemoryCopyOf(factory, schedule);

        assertThrows(FlashProgramException.class, () -> flash.program(0, filled(4, 0xFF), 0, 4));

        assertFalse(schedule.fired());
        assertEquals(0, flash.writeCount());
    }

    @Test
    void schedulesRefuseNegativeIndicesAndByteCounts() {
        assertThrows(IllegalArgumentException.class, () -> PowerCutSchedule.cutBefore(-1));
        assertThrows(IllegalArgumentException.class, () -> PowerCutSchedule.tear(0, -1));
    }

    /** Runs WRITES from {@code first}; returns the index of the write that lost power, or WRITES.size(). */
    private static int runUntilPowerLoss(NorFlash flash, int first) {
        for (int i = first; i < WRITES.size(); i++) {
            try {
                WRITES.get(i).accept(flash);
            } catch (PowerLossException lost) {
                assertEquals(flash.writeCount() - 1, lost.operation().sequence());
                return i;
            }
        }
        return WRITES.size();
    }

    private byte[] contentAfter(int writes) {
        NorFlash flash = NorFlash.inMemoryCopyOf(factory, FlashWriteGate.NONE);
        WRITES.subList(0, writes).forEach(write -> write.accept(flash));
        return flash.read(0, SIZE);
    }

    private NorFlash factoryFlash() {
        NorFlash flash = NorFlash.inMemory(SIZE, FlashWriteGate.NONE, pool);
        flash.program(0, pattern(SIZE), 0, SIZE);
        return flash;
    }
}
