package io.sphaera.peripherals.flash;

/**
 * The one place every program and erase of a flash passes through before it happens, so that a fault can cut power
 * between any two writes or in the middle of one. Called on the thread doing the write.
 */
@FunctionalInterface
public interface FlashWriteGate {
    /** Lets every write finish. */
    FlashWriteGate NONE = operation -> FlashWriteOutcome.complete();

    /** Decides the fate of {@code operation}, which has passed every check and is about to start. */
    FlashWriteOutcome beforeWrite(FlashOperation operation);
}
