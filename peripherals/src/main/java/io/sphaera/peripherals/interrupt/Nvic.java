package io.sphaera.peripherals.interrupt;

import io.sphaera.peripherals.bus.RegisterBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One I/O core's Cortex-M4 NVIC, as a register block for the System Control Space window at {@link #SCS_BASE}. It
 * models the NVIC registers of ARMv7-M (ICTR, ISER, ICER, ISPR, ICPR, IABR, IPR and STIR) for {@link #IRQ_COUNT}
 * external interrupts; the rest of the window (SysTick, the SCB with VTOR and ICSR, the MPU) is not here: those
 * offsets report no register.
 *
 * <p>Priorities are bytes, of which the MT3620's I/O cores implement the top {@link #PRIORITY_BITS} bits
 * ({@code __NVIC_PRIO_BITS} in MediaTek's mt3620.h, {@code IRQ_PRIORITY_BITS} in the Azure samples): CMSIS's
 * {@code NVIC_SetPriority(irq, 5)} writes {@code 5 << 5}, and the low five bits read as zero. All of them are group
 * (preempting) priority, as with the reset PRIGROUP of 0.
 *
 * <p>Peripherals signal in two ways. {@link #raise} is a pulse (an edge): the interrupt becomes pending once. {@link
 * #setLevel} holds a line: while it is asserted and the interrupt is not active, the interrupt is pending, so
 * clearing it through ICPR or returning from its handler makes it pending again, as on the M4. Pending is latched
 * whether or not the interrupt is enabled; only enabled ones are taken.
 *
 * <p>The core runner uses {@link #takePending}, {@link #complete}, {@link #hasPending} and {@link #onPending}. A
 * byte store to an IPR byte reaches this block as a read-modify-write of its word, which is exact because IPR reads
 * have no side effects.
 *
 * <p>Not thread-safe: used only on the device's executor thread.
 */
public final class Nvic implements RegisterBlock {
    /** Where the System Control Space window starts in an M4's view. */
    public static final int SCS_BASE = 0xE000_E000;
    /** External interrupts modelled: four 32-bit words of each bit register. */
    public static final int IRQ_COUNT = 128;
    /** Priority bits the I/O cores implement, from the top of each priority byte. */
    public static final int PRIORITY_BITS = 3;
    /** The implemented bits of a priority byte. */
    public static final int PRIORITY_MASK = (0xFF << (8 - PRIORITY_BITS)) & 0xFF;

    /** Interrupt Controller Type: INTLINESNUM, the number of 32-interrupt groups minus one. Read-only. */
    public static final int ICTR = 0x004;
    public static final int ISER = 0x100;
    public static final int ICER = 0x180;
    public static final int ISPR = 0x200;
    public static final int ICPR = 0x280;
    /** Active bits. Read-only. */
    public static final int IABR = 0x300;
    /** Four priority bytes per word, IRQ n in byte n. */
    public static final int IPR = 0x400;
    /** Software Trigger Interrupt: writing n makes IRQ n pending. Write-only. */
    public static final int STIR = 0xF00;

    private static final int WORDS = IRQ_COUNT / 32;
    /** The lowest priority any running code can have: below every implementable priority value. */
    private static final int THREAD_PRIORITY = 0x100;

    private final int[] enabled = new int[WORDS];
    private final int[] pending = new int[WORDS];
    private final int[] active = new int[WORDS];
    private final int[] asserted = new int[WORDS];
    private final byte[] priority = new byte[IRQ_COUNT];
    private final List<Runnable> pendingListeners = new ArrayList<>();
    private int basePriority;

    @Override
    public boolean hasRegister(int offset) {
        return offset == ICTR || offset == STIR
                || inBank(offset, ISER) || inBank(offset, ICER) || inBank(offset, ISPR) || inBank(offset, ICPR)
                || inBank(offset, IABR) || (offset >= IPR && offset < IPR + IRQ_COUNT);
    }

    @Override
    public int read32(int offset) {
        if (!hasRegister(offset)) {
            throw noRegister(offset);
        }
        if (offset == ICTR) {
            return WORDS - 1;
        }
        if (offset == STIR) {
            return 0;
        }
        if (offset >= IPR && offset < IPR + IRQ_COUNT) {
            int first = offset - IPR;
            int word = 0;
            for (int i = 3; i >= 0; i--) {
                word = (word << 8) | (priority[first + i] & 0xFF);
            }
            return word;
        }
        int word = (offset & 0x7F) >> 2;
        return switch (offset & ~0x7F) {
            case ISER, ICER -> enabled[word];
            case ISPR, ICPR -> pending[word];
            case IABR -> active[word];
            default -> throw noRegister(offset);
        };
    }

    @Override
    public void write32(int offset, int value) {
        if (!hasRegister(offset)) {
            throw noRegister(offset);
        }
        if (offset == ICTR) {
            return;
        }
        if (offset == STIR) {
            int irq = value & 0x1FF;
            if (irq < IRQ_COUNT) {
                raise(irq);
            }
            return;
        }
        if (offset >= IPR && offset < IPR + IRQ_COUNT) {
            int first = offset - IPR;
            for (int i = 0; i < 4; i++) {
                priority[first + i] = (byte) ((value >>> (8 * i)) & PRIORITY_MASK);
            }
            return;
        }
        int word = (offset & 0x7F) >> 2;
        switch (offset & ~0x7F) {
            case ISER -> {
                int newlyEnabled = value & ~enabled[word];
                enabled[word] |= value;
                if ((newlyEnabled & pending[word]) != 0) {
                    notifyPending();
                }
            }
            case ICER -> enabled[word] &= ~value;
            case ISPR -> setPending(word, value);
            case ICPR -> {
                pending[word] &= ~value;
                // a line still asserted pends again at once
                setPending(word, value & asserted[word] & ~active[word]);
            }
            case IABR -> {
                // read-only
            }
            default -> throw noRegister(offset);
        }
    }

    @Override
    public void reset() {
        java.util.Arrays.fill(enabled, 0);
        java.util.Arrays.fill(pending, 0);
        java.util.Arrays.fill(active, 0);
        java.util.Arrays.fill(priority, (byte) 0);
        basePriority = 0;
        // lines belong to the peripherals: the ones still asserted pend again
        for (int word = 0; word < WORDS; word++) {
            pending[word] = asserted[word];
        }
    }

    /** A peripheral pulses {@code irq}: it becomes pending (again, if it is active). */
    public void raise(int irq) {
        checkIrq(irq);
        setPending(irq >> 5, bit(irq));
    }

    /**
     * A peripheral drives the level of {@code irq}'s line. While asserted and not active the interrupt is pending;
     * deasserting does not clear a pending state already latched.
     */
    public void setLevel(int irq, boolean high) {
        checkIrq(irq);
        int word = irq >> 5;
        if (high) {
            asserted[word] |= bit(irq);
            if ((active[word] & bit(irq)) == 0) {
                setPending(word, bit(irq));
            }
        } else {
            asserted[word] &= ~bit(irq);
        }
    }

    /**
     * Takes the interrupt to run now: among the enabled pending interrupts that can preempt the active ones (and
     * that BASEPRI does not mask), the one with the lowest priority value, then the lowest number. It becomes active
     * and stops pending.
     *
     * @return its IRQ number, or -1 if none may run
     */
    public int takePending() {
        int irq = nextToRun();
        if (irq >= 0) {
            pending[irq >> 5] &= ~bit(irq);
            active[irq >> 5] |= bit(irq);
        }
        return irq;
    }

    /** The handler of {@code irq} returned: it is no longer active, and pends again if its line is still asserted. */
    public void complete(int irq) {
        checkIrq(irq);
        int word = irq >> 5;
        active[word] &= ~bit(irq);
        setPending(word, asserted[word] & bit(irq));
    }

    /** Whether {@link #takePending} would return an interrupt; a core in WFI wakes for one. */
    public boolean hasPending() {
        return nextToRun() >= 0;
    }

    /** {@code wake} runs whenever an enabled interrupt becomes pending (to wake a core in WFI). */
    public void onPending(Runnable wake) {
        pendingListeners.add(Objects.requireNonNull(wake, "wake"));
    }

    /**
     * The core's BASEPRI: a non-zero value masks interrupts whose priority value is at or above it. Only the
     * implemented bits count, so on these cores 1 to 31 mask nothing (the Azure samples' {@code BlockIrqs} writes 1).
     */
    public void setBasePriority(int value) {
        basePriority = value & PRIORITY_MASK;
    }

    /** The priority byte of {@code irq}, as IPR holds it (implemented bits only). */
    public int priority(int irq) {
        checkIrq(irq);
        return priority[irq] & 0xFF;
    }

    public boolean isEnabled(int irq) {
        checkIrq(irq);
        return (enabled[irq >> 5] & bit(irq)) != 0;
    }

    public boolean isPending(int irq) {
        checkIrq(irq);
        return (pending[irq >> 5] & bit(irq)) != 0;
    }

    public boolean isActive(int irq) {
        checkIrq(irq);
        return (active[irq >> 5] & bit(irq)) != 0;
    }

    private int nextToRun() {
        int ceiling = executionPriority();
        int best = -1;
        int bestPriority = THREAD_PRIORITY;
        for (int word = 0; word < WORDS; word++) {
            int candidates = pending[word] & enabled[word];
            while (candidates != 0) {
                int irq = word * 32 + Integer.numberOfTrailingZeros(candidates);
                candidates &= candidates - 1;
                int p = priority[irq] & 0xFF;
                if (p < ceiling && p < bestPriority) {
                    best = irq;
                    bestPriority = p;
                }
            }
        }
        return best;
    }

    /** What an interrupt must beat to run: the most urgent active handler, and BASEPRI. */
    private int executionPriority() {
        int ceiling = basePriority == 0 ? THREAD_PRIORITY : basePriority;
        for (int word = 0; word < WORDS; word++) {
            int running = active[word];
            while (running != 0) {
                int irq = word * 32 + Integer.numberOfTrailingZeros(running);
                running &= running - 1;
                ceiling = Math.min(ceiling, priority[irq] & 0xFF);
            }
        }
        return ceiling;
    }

    private void setPending(int word, int bits) {
        int newlyPending = bits & ~pending[word];
        pending[word] |= bits;
        if ((newlyPending & enabled[word]) != 0) {
            notifyPending();
        }
    }

    private void notifyPending() {
        // a listener may add listeners
        for (Runnable wake : List.copyOf(pendingListeners)) {
            wake.run();
        }
    }

    private static boolean inBank(int offset, int bank) {
        return offset >= bank && offset < bank + 4 * WORDS;
    }

    private static int bit(int irq) {
        return 1 << (irq & 31);
    }

    private static void checkIrq(int irq) {
        if (irq < 0 || irq >= IRQ_COUNT) {
            throw new IllegalArgumentException("no IRQ " + irq + " (0.." + (IRQ_COUNT - 1) + ")");
        }
    }

    private static IllegalArgumentException noRegister(int offset) {
        return new IllegalArgumentException("no NVIC register at offset 0x" + Integer.toHexString(offset));
    }
}
