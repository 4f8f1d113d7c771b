package io.sphaera.peripherals.interrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The NVIC through its registers, as CMSIS and the Azure samples drive it, and through the core runner's API. */
class NvicTest {
    private final Nvic nvic = new Nvic();
    private int wakes;

    NvicTest() {
        nvic.onPending(() -> wakes++);
    }

    /** The Azure samples' EnableNvicInterrupt: one bit in word irq / 32 of ISER. */
    private void enable(int irq) {
        nvic.write32(Nvic.ISER + 4 * (irq / 32), 1 << (irq % 32));
    }

    /** The Azure samples' SetNvicPriority: a byte store of pri << 5, which reaches the block as read-modify-write. */
    private void setPriority(int irq, int pri) {
        int offset = Nvic.IPR + (irq & ~3);
        int shift = 8 * (irq & 3);
        int word = nvic.read32(offset) & ~(0xFF << shift);
        nvic.write32(offset, word | ((pri << (8 - Nvic.PRIORITY_BITS)) & 0xFF) << shift);
    }

    @Test
    void setEnableAndClearEnableShareTheEnableBits() {
        enable(11);
        enable(40);
        assertEquals(1 << 11, nvic.read32(Nvic.ISER));
        assertEquals(1 << 8, nvic.read32(Nvic.ISER + 4));
        assertEquals(1 << 8, nvic.read32(Nvic.ICER + 4), "ICER reads the enable bits too");
        nvic.write32(Nvic.ICER + 4, 1 << 8);
        assertEquals(0, nvic.read32(Nvic.ISER + 4));
        assertTrue(nvic.isEnabled(11), "writing 0 bits changes nothing");
    }

    @Test
    void prioritiesKeepOnlyTheTopThreeBits() {
        nvic.write32(Nvic.IPR, 0xFFFF_FFFF);
        assertEquals(0xE0E0_E0E0, nvic.read32(Nvic.IPR));
        setPriority(11, 2); // the mailbox priority of the IntercoreComms sample
        assertEquals(0x40, nvic.priority(11));
        assertEquals(0x40 << 24, nvic.read32(Nvic.IPR + 8), "IRQ 11 is byte 3 of the third word");
        setPriority(1, 5); // what CMSIS NVIC_SetPriority(irq, DEFAULT_PRI) writes: 0xA0
        assertEquals(0xA0, nvic.priority(1));
    }

    @Test
    void aRaisedInterruptPendsEvenWhileDisabledButIsTakenOnlyOnceEnabled() {
        nvic.raise(11);
        assertEquals(1 << 11, nvic.read32(Nvic.ISPR));
        assertFalse(nvic.hasPending());
        assertEquals(-1, nvic.takePending());
        assertEquals(0, wakes, "a disabled interrupt does not wake the core");

        enable(11);
        assertEquals(1, wakes, "enabling a pending interrupt wakes the core");
        assertTrue(nvic.hasPending());
        assertEquals(11, nvic.takePending());
        assertEquals(1 << 11, nvic.read32(Nvic.IABR), "active");
        assertEquals(0, nvic.read32(Nvic.ISPR), "no longer pending");
        assertFalse(nvic.hasPending());

        nvic.complete(11);
        assertEquals(0, nvic.read32(Nvic.IABR));
        assertEquals(-1, nvic.takePending());
    }

    @Test
    void theLowestPriorityValueRunsFirstThenTheLowestNumber() {
        for (int irq : new int[] {1, 11, 70}) {
            enable(irq);
        }
        setPriority(1, 5);
        setPriority(11, 2);
        setPriority(70, 2);
        nvic.raise(1);
        nvic.raise(70);
        nvic.raise(11);
        assertEquals(3, wakes);
        assertEquals(11, nvic.takePending(), "priority 2 beats 5, and 11 beats 70 at equal priority");
        nvic.complete(11);
        assertEquals(70, nvic.takePending());
        nvic.complete(70);
        assertEquals(1, nvic.takePending());
    }

    @Test
    void onlyAMoreUrgentInterruptPreemptsARunningHandler() {
        enable(1);
        enable(2);
        enable(11);
        setPriority(1, 5);
        setPriority(2, 5);
        setPriority(11, 2);
        nvic.raise(1);
        assertEquals(1, nvic.takePending());

        nvic.raise(2);
        assertFalse(nvic.hasPending(), "equal priority waits for the handler to return");
        assertEquals(-1, nvic.takePending());
        nvic.raise(11);
        assertEquals(11, nvic.takePending(), "a lower priority value preempts");
        assertEquals((1 << 1) | (1 << 11), nvic.read32(Nvic.IABR), "nested: both active");

        nvic.complete(11);
        assertEquals(-1, nvic.takePending(), "still inside IRQ 1's handler");
        nvic.complete(1);
        assertEquals(2, nvic.takePending());
    }

    @Test
    void anActiveInterruptRaisedAgainRunsAgainAfterItsHandler() {
        enable(11);
        nvic.raise(11);
        assertEquals(11, nvic.takePending());
        nvic.raise(11);
        assertTrue(nvic.isActive(11) && nvic.isPending(11));
        assertEquals(-1, nvic.takePending());
        nvic.complete(11);
        assertEquals(11, nvic.takePending());
    }

    @Test
    void clearPendingRemovesAPulseButNotAnAssertedLine() {
        enable(3);
        enable(4);
        nvic.raise(3);
        nvic.setLevel(4, true);
        nvic.write32(Nvic.ICPR, (1 << 3) | (1 << 4));
        assertFalse(nvic.isPending(3));
        assertTrue(nvic.isPending(4), "the line is still asserted, so it pends again at once");

        nvic.setLevel(4, false);
        assertTrue(nvic.isPending(4), "deasserting does not unlatch");
        nvic.write32(Nvic.ICPR, 1 << 4);
        assertFalse(nvic.hasPending());
    }

    @Test
    void aLevelInterruptStillAssertedWhenItsHandlerReturnsRunsAgain() {
        enable(1);
        nvic.setLevel(1, true);
        assertEquals(1, nvic.takePending());
        assertFalse(nvic.isPending(1), "an active interrupt's asserted line does not pend it");
        nvic.complete(1);
        assertEquals(1, nvic.takePending(), "the handler did not clear the source");
        nvic.setLevel(1, false); // this time it did
        nvic.complete(1);
        assertEquals(-1, nvic.takePending());
        assertEquals(2, wakes, "asserted; pending again after the first return; not after the second");
    }

    @Test
    void aSoftwareTriggerPendsTheInterruptItNames() {
        enable(17);
        nvic.write32(Nvic.STIR, 17);
        assertEquals(1, wakes);
        assertEquals(17, nvic.takePending());
        assertEquals(0, nvic.read32(Nvic.STIR), "write-only");
    }

    @Test
    void basePriorityMasksOnlyWithImplementedBits() {
        enable(11);
        setPriority(11, 2); // 0x40
        nvic.raise(11);
        nvic.setBasePriority(1); // what the Azure sample's BlockIrqs writes: reads as 0, masking nothing
        assertTrue(nvic.hasPending());
        nvic.setBasePriority(0x40);
        assertFalse(nvic.hasPending(), "priority 0x40 is at BASEPRI: masked");
        nvic.setBasePriority(0x60);
        assertEquals(11, nvic.takePending());
    }

    @Test
    void controllerTypeSays128InterruptsAndTheRestOfTheWindowIsNotHere() {
        assertEquals(3, nvic.read32(Nvic.ICTR), "INTLINESNUM 3: 4 x 32 interrupts");
        assertTrue(nvic.hasRegister(Nvic.IPR + 124));
        assertFalse(nvic.hasRegister(Nvic.IPR + 128));
        assertFalse(nvic.hasRegister(Nvic.ISER + 16));
        assertFalse(nvic.hasRegister(0xD08), "VTOR belongs to the SCB");
        assertFalse(nvic.hasRegister(0x010), "SysTick");
        assertThrows(IllegalArgumentException.class, () -> nvic.read32(0xD08));
        assertThrows(IllegalArgumentException.class, () -> nvic.raise(Nvic.IRQ_COUNT));
    }

    @Test
    void activeBitsAreReadOnly() {
        nvic.write32(Nvic.IABR, -1);
        assertEquals(0, nvic.read32(Nvic.IABR));
    }

    @Test
    void resetClearsTheRegistersButAnAssertedLinePendsAgain() {
        enable(1);
        enable(11);
        setPriority(11, 2);
        nvic.raise(11);
        nvic.setLevel(1, true);
        nvic.takePending();
        nvic.reset();
        assertEquals(0, nvic.read32(Nvic.ISER));
        assertEquals(0, nvic.read32(Nvic.IABR));
        assertEquals(0, nvic.priority(11));
        assertEquals(1 << 1, nvic.read32(Nvic.ISPR), "IRQ 1's line is still asserted");
    }
}
