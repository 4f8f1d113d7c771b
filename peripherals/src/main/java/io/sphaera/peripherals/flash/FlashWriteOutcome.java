package io.sphaera.peripherals.flash;

/** What a {@link FlashWriteGate} decides for one write: let it finish, cut power before it, or tear it. */
public sealed interface FlashWriteOutcome {
    /** The write happens in full and power stays on. */
    record Complete() implements FlashWriteOutcome {
    }

    /** Power fails before the write starts: nothing of it reaches the flash. */
    record PowerCut() implements FlashWriteOutcome {
    }

    /**
     * Power fails after the first {@code appliedBytes} of the write reached the flash (all of it if the write is no
     * longer): the first bytes of a program are programmed, the first bytes of an erase's range read 0xFF.
     */
    record Torn(long appliedBytes) implements FlashWriteOutcome {
        public Torn {
            if (appliedBytes < 0) {
                throw new IllegalArgumentException("a torn write applies at least 0 bytes, not " + appliedBytes);
            }
        }
    }

    static FlashWriteOutcome complete() {
        return new Complete();
    }

    static FlashWriteOutcome powerCut() {
        return new PowerCut();
    }

    static FlashWriteOutcome tornAfter(long appliedBytes) {
        return new Torn(appliedBytes);
    }
}
