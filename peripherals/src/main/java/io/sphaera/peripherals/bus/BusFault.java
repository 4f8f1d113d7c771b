package io.sphaera.peripherals.bus;

import io.sphaera.peripherals.mt3620.Core;

/**
 * A register access the bus refused: no peripheral answers at the address for that core, the firewall keeps the
 * core out, or the access is misaligned. An I/O core takes it as its bus fault; the A7 runtime turns it into an
 * errno for the app.
 */
public final class BusFault extends RuntimeException {
    private final Core core;
    private final int address;
    private final String reason;

    public BusFault(Core core, int address, String reason) {
        super("bus fault: %s at 0x%08x: %s".formatted(core, address, reason));
        this.core = core;
        this.address = address;
        this.reason = reason;
    }

    public Core core() {
        return core;
    }

    /** The absolute address accessed, as an unsigned 32-bit value held in an int. */
    public int address() {
        return address;
    }

    public String reason() {
        return reason;
    }
}
