package io.sphaera.emulator.os;

/**
 * The physical address space as one I/O core sees it, for a real-time app's register reads and writes: the
 * peripheral bus behind the firewall, the core's own blocks, its NVIC and the memory it shares with the A7. An access
 * nothing answers, or that the firewall refuses, throws {@link io.sphaera.peripherals.bus.BusFault}.
 */
public interface CoreMemory {
    int read32(int address);

    void write32(int address, int value);
}
