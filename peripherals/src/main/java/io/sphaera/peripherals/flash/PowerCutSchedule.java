package io.sphaera.peripherals.flash;

/**
 * A write gate that loses power at one write, chosen by its sequence index, and lets every other write finish:
 * a test can cut at each index in turn and check that the device recovers from every one.
 */
public final class PowerCutSchedule implements FlashWriteGate {
    private final long writeIndex;
    private final FlashWriteOutcome outcome;
    private boolean fired;

    private PowerCutSchedule(long writeIndex, FlashWriteOutcome outcome) {
        if (writeIndex < 0) {
            throw new IllegalArgumentException("write index must be >= 0, not " + writeIndex);
        }
        this.writeIndex = writeIndex;
        this.outcome = outcome;
    }

    /** Cuts power just before the write with sequence index {@code writeIndex}: none of it is applied. */
    public static PowerCutSchedule cutBefore(long writeIndex) {
        return new PowerCutSchedule(writeIndex, FlashWriteOutcome.powerCut());
    }

    /** Cuts power during write {@code writeIndex} once its first {@code appliedBytes} bytes are applied. */
    public static PowerCutSchedule tear(long writeIndex, long appliedBytes) {
        return new PowerCutSchedule(writeIndex, FlashWriteOutcome.tornAfter(appliedBytes));
    }

    @Override
    public synchronized FlashWriteOutcome beforeWrite(FlashOperation operation) {
        if (operation.sequence() != writeIndex) {
            return FlashWriteOutcome.complete();
        }
        fired = true;
        return outcome;
    }

    /** Whether the chosen write has happened, so a run that never reached it can tell it cut nothing. */
    public synchronized boolean fired() {
        return fired;
    }

    @Override
    public String toString() {
        return switch (outcome) {
            case FlashWriteOutcome.Torn torn -> "tear write #" + writeIndex + " after " + torn.appliedBytes() + " bytes";
            default -> "cut power before write #" + writeIndex;
        };
    }
}
