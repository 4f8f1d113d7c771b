package io.sphaera.emulator.os;

/**
 * An I/O core's interrupt controller as the core running a real-time app sees it: which interrupt to take next, and
 * a way to be woken from WFI when one becomes pending. The NVIC model answers it.
 */
public interface CoreInterrupts {
    /** An enabled interrupt is pending (so WFI returns at once). */
    boolean hasPending();

    /** Takes the interrupt to run now (pending -> active), or -1 when none may preempt what runs. */
    int takePending();

    /** The handler of {@code irq} returned. */
    void complete(int irq);

    /** {@code wake} runs whenever an enabled interrupt becomes pending. */
    void onPending(Runnable wake);
}
