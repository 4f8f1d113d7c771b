package io.sphaera.peripherals.bus;

/**
 * A peripheral's registers, addressed by byte offset from the start of its window. The bus calls {@link #read32}
 * and {@link #write32} only for word-aligned offsets the block {@linkplain #hasRegister has}.
 */
public interface RegisterBlock {
    int read32(int offset);

    void write32(int offset, int value);

    /** Puts every register back to its reset value. */
    void reset();

    /** Whether the model has a register at {@code offset}; others read as their reset value, 0, and ignore writes. */
    default boolean hasRegister(int offset) {
        return true;
    }
}
