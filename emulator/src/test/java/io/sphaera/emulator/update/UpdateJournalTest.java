package io.sphaera.emulator.update;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sphaera.emulator.device.Mt3620Flash;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.peripherals.flash.PowerCutSchedule;
import io.sphaera.peripherals.flash.PowerLossException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The journal keeps every field across a power-up, and a cut at any of its writes leaves the old state or the new. */
class UpdateJournalTest {
    private static UpdateJournal.State state(UpdateStep step, long downloaded) {
        StagedImage image = new StagedImage(UUID.nameUUIDFromBytes("i".getBytes()), UUID.nameUUIDFromBytes("c".getBytes()),
                "Applications", "1.2", 100_000, "ab".repeat(32), 2, false, 65536, downloaded);
        UpdateTarget target = new UpdateTarget(io.sphaera.firmware.update.UpdatePhase.APPS, "cd".repeat(32), 7, Optional.of(UUID.nameUUIDFromBytes("d".getBytes())),
                List.of(image), List.of(2, 3));
        return new UpdateJournal.State(7, "ef".repeat(32), step, Optional.of(target), List.of("01".repeat(32)),
                Optional.of(new UpdateOutcome(6, Optional.empty(), UpdateOutcome.ROLLED_BACK, "a new app ended")), true, true);
    }

    @Test
    void everyFieldSurvives() {
        UpdateJournal journal = new UpdateJournal(new Mt3620Flash(NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE)).updateJournal());
        assertEquals(UpdateStep.IDLE, journal.read().step(), "a new device's journal is fresh");
        assertEquals(0, journal.read().lastVersion());
        UpdateJournal.State s = state(UpdateStep.DOWNLOADING, 65536);
        journal.write(s);
        assertEquals(s, journal.read());
    }

    @Test
    void aCutAtEitherWriteOfAnUpdateLeavesTheOldStateOrTheNew() {
        UpdateJournal.State before = state(UpdateStep.DOWNLOADING, 65536);
        UpdateJournal.State after = state(UpdateStep.STAGED, 100_000);
        for (long w = 0; w < 2; w++) {
            for (boolean tear : List.of(false, true)) {
                NorFlash nor = NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE);
                new UpdateJournal(new Mt3620Flash(nor).updateJournal()).write(before);
                long base = nor.writeCount();
                NorFlash cut = NorFlash.inMemoryCopyOf(nor, tear ? PowerCutSchedule.tear(w, 100) : PowerCutSchedule.cutBefore(w));
                try {
                    new UpdateJournal(new Mt3620Flash(cut).updateJournal()).write(after);
                } catch (PowerLossException expected) {
                    // the power went
                }
                UpdateJournal.State read = new UpdateJournal(new Mt3620Flash(NorFlash.inMemoryCopyOf(cut, FlashWriteGate.NONE))
                        .updateJournal()).read();
                assertEquals(true, read.equals(before) || read.equals(after), "write " + w + " tear " + tear + " after " + base);
            }
        }
    }
}
