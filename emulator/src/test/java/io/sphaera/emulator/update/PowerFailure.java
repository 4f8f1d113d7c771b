package io.sphaera.emulator.update;

import io.sphaera.peripherals.flash.FlashOperation;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.FlashWriteOutcome;

/**
 * A power cut at one flash write (before it, or torn after some bytes), after which the power stays off — no later
 * write reaches the flash — until the test restores it and powers the device on again.
 */
final class PowerFailure implements FlashWriteGate {
    private final long at;
    private final long tearAfter;
    private volatile boolean off;
    private volatile boolean fired;

    private PowerFailure(long at, long tearAfter) {
        this.at = at;
        this.tearAfter = tearAfter;
    }

    static PowerFailure before(long write) {
        return new PowerFailure(write, -1);
    }

    static PowerFailure tear(long write, long bytes) {
        return new PowerFailure(write, bytes);
    }

    static PowerFailure never() {
        return new PowerFailure(Long.MAX_VALUE, -1);
    }

    @Override
    public FlashWriteOutcome beforeWrite(FlashOperation operation) {
        if (off) {
            return FlashWriteOutcome.powerCut();
        }
        if (operation.sequence() == at) {
            fired = true;
            off = true;
            return tearAfter < 0 ? FlashWriteOutcome.powerCut() : FlashWriteOutcome.tornAfter(tearAfter);
        }
        return FlashWriteOutcome.complete();
    }

    boolean fired() {
        return fired;
    }

    void restore() {
        off = false;
    }

    @Override
    public String toString() {
        return tearAfter < 0 ? "cut before write #" + at : "tear write #" + at + " after " + tearAfter + " bytes";
    }
}
