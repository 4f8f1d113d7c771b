package io.sphaera.peripherals.mt3620;

/** A core that reaches the peripherals; the hardware firewall gives each peripheral block to at most one of them. */
public enum Core {
    /** The Cortex-A7 that runs the OS and the high-level app. */
    A7,
    /** The first Cortex-M4F I/O core, for a real-time app. */
    IO0,
    /** The second Cortex-M4F I/O core, for a real-time app. */
    IO1;

    /** Whether this is one of the two real-time (Cortex-M4F) cores, each with its own private register blocks. */
    public boolean isIoCore() {
        return this != A7;
    }
}
