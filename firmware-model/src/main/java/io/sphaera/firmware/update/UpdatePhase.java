package io.sphaera.firmware.update;

/** The three phases of an update, in the order a device takes them. */
public enum UpdatePhase {
    /** The trusted key store and certificate store: what the next phases are verified with. */
    PREREQUISITES,
    /** The system images. */
    OS,
    /** The device group's deployment: apps and board configuration. */
    APPS
}
