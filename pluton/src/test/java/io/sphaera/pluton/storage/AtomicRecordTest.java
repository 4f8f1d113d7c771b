package io.sphaera.pluton.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.pluton.MemoryFlash;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AtomicRecordTest {
    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsWhatWasLastWritten() {
        AtomicRecord record = new AtomicRecord(new MemoryFlash(8192, 4096));
        assertEquals(Optional.empty(), record.read());
        for (int i = 0; i < 5; i++) {
            record.write(text("value " + i));
            assertArrayEquals(text("value " + i), record.read().orElseThrow());
        }
        assertThrows(IllegalArgumentException.class, () -> record.write(new byte[record.capacity() + 1]));
    }

    @Test
    void aPowerCutAtAnyWriteLeavesTheOldOrTheNewValue() {
        // Find how many writes one update takes, then cut at each of them, before it and torn within it.
        MemoryFlash probe = new MemoryFlash(8192, 4096);
        AtomicRecord p = new AtomicRecord(probe);
        p.write(text("old"));
        long before = probe.writes();
        p.write(text("new value, longer than the old"));
        long writesPerUpdate = probe.writes() - before;
        assertTrue(writesPerUpdate >= 2);
        int tried = 0;
        for (long cut = 0; cut < writesPerUpdate; cut++) {
            for (int tear : new int[] {0, 1, 20, 50, 4000}) {
                MemoryFlash flash = new MemoryFlash(8192, 4096);
                AtomicRecord record = new AtomicRecord(flash);
                record.write(text("old"));
                record.write(text("older still, then old")); // both halves hold something
                record.write(text("old"));
                flash.cutAt(cut, tear);
                assertThrows(MemoryFlash.PowerCut.class, () -> record.write(text("new value, longer than the old")));
                flash.powerRestored();
                String after = new String(new AtomicRecord(flash).read().orElseThrow(), StandardCharsets.UTF_8);
                assertTrue(after.equals("old") || after.equals("new value, longer than the old"), after);
                tried++;
            }
        }
        assertEquals(writesPerUpdate * 5, tried);
    }
}
