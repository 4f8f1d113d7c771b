package io.sphaera.peripherals.driver;

/** Why a driver call failed, in the terms applibs turn into an errno. */
public enum DriverFailure {
    /** An argument the hardware cannot do (EINVAL). */
    BAD_ARGUMENT,
    /** Nobody acknowledged the address, or a byte (ENXIO). */
    NO_ACK,
    /** The bus is held or arbitration was lost (EBUSY). */
    BUS_BUSY,
    /** The controller never signalled completion within the driver's polling limit (ETIMEDOUT). */
    TIMEOUT,
    /** A FIFO ended in a state the transfer cannot explain (EIO). */
    FIFO_ERROR
}
