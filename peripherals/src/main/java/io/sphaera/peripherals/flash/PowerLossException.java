package io.sphaera.peripherals.flash;

/**
 * Power failed during a write. The flash keeps exactly what was applied before the cut; the device is off, and
 * whoever drives it reboots it from the same flash.
 */
public final class PowerLossException extends RuntimeException {
    private final transient FlashOperation operation;
    private final long appliedBytes;

    public PowerLossException(FlashOperation operation, long appliedBytes) {
        super("power lost during %s: %d of %d bytes applied".formatted(operation, appliedBytes, operation.length()));
        this.operation = operation;
        this.appliedBytes = appliedBytes;
    }

    public FlashOperation operation() {
        return operation;
    }

    /** How many bytes from the start of the operation reached the flash: 0 when power was cut before it. */
    public long appliedBytes() {
        return appliedBytes;
    }
}
