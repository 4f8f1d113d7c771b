package io.sphaera.pluton.boot;

/** How a boot ended. */
public enum BootOutcome {
    /** Every stage booted from the slot in force. */
    BOOTED,
    /** A stage failed and the device booted from rollback images. */
    ROLLED_BACK,
    /** No bootable image for some stage: recovery mode, nothing unverified runs. */
    RECOVERY
}
