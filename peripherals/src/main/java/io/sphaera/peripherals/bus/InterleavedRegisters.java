package io.sphaera.peripherals.bus;

import java.util.Objects;

/**
 * Two register models sharing the same offsets of one window, as an ISU's or the ADC's GPIO registers sit among the
 * block's own control registers (an ISU's global control at +0x00, its GPIO DIN at +0x0C): an offset the first model
 * has goes to it, every other offset to the second. Used on the device's executor only.
 */
public final class InterleavedRegisters implements RegisterBlock {
    private final RegisterBlock first;
    private final RegisterBlock second;

    public InterleavedRegisters(RegisterBlock first, RegisterBlock second) {
        this.first = Objects.requireNonNull(first, "first");
        this.second = Objects.requireNonNull(second, "second");
    }

    @Override
    public boolean hasRegister(int offset) {
        return first.hasRegister(offset) || second.hasRegister(offset);
    }

    @Override
    public int read32(int offset) {
        return owner(offset).read32(offset);
    }

    @Override
    public void write32(int offset, int value) {
        owner(offset).write32(offset, value);
    }

    @Override
    public void reset() {
        first.reset();
        second.reset();
    }

    private RegisterBlock owner(int offset) {
        return first.hasRegister(offset) ? first : second;
    }
}
