package io.sphaera.peripherals.gpio;

import java.util.Objects;

/** One pin of a {@link GpioBlock}, as the board sees it: a handle to wire an LED or a button to. */
public final class GpioPin {
    private final GpioBlock block;
    private final int index;

    GpioPin(GpioBlock block, int index) {
        this.block = Objects.requireNonNull(block, "block");
        this.index = index;
    }

    /** The pin's bit in its block's GPIO registers, 0 to {@link GpioBlock#pinCount()} - 1. */
    public int index() {
        return index;
    }

    /** What the chip puts on the pin; see {@link GpioBlock#outputLevel(int)}. */
    public PinLevel outputLevel() {
        return block.outputLevel(index);
    }

    /** Has the board drive the pin; {@link PinLevel#FLOATING} lets go of it. */
    public void drive(PinLevel level) {
        block.drive(index, level);
    }

    /** What the board drives onto the pin. */
    public PinLevel drivenLevel() {
        return block.drivenLevel(index);
    }
}
