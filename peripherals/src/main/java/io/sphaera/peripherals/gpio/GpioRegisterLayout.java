package io.sphaera.peripherals.gpio;

import io.sphaera.peripherals.mt3620.PeripheralBlock;

/**
 * Where a block's GPIO registers sit in its window. MediaTek's driver names every register by its offset in GPIO
 * groups 0-5 ({@link GpioBlock#DIN}, {@link GpioBlock#DOUT}, ...) and moves the set per kind of block: an ISU's DIN is
 * at +0x0C instead of +0x04, and an I2S block's whole set is 0x100 higher, with DIN at +0x100.
 */
public enum GpioRegisterLayout {
    /** GPIO groups 0-5 and ADC controller 0: the offsets as they are. */
    GROUP(0x000, GpioBlock.DIN),
    /** ISU0-4 (and GPIO80's window): DIN at +0x0C, the rest as in a group; the ISU's +0x00 and +0xA0 stay its own. */
    ISU(0x000, 0x0C),
    /** I2S0-1: every register 0x100 higher, DIN at +0x100. */
    I2S(0x100, 0x00);

    private final int start;
    private final int dataIn;

    GpioRegisterLayout(int start, int dataIn) {
        this.start = start;
        this.dataIn = dataIn;
    }

    /** The layout of {@code block}'s GPIO registers. */
    public static GpioRegisterLayout of(PeripheralBlock block) {
        return switch (block) {
            case ISU0, ISU1, ISU2, ISU3, ISU4, GPIO_80 -> ISU;
            case I2S0, I2S1 -> I2S;
            default -> GROUP;
        };
    }

    /** The window offset of {@code register}, named by its offset in a GPIO group ({@link GpioBlock#DOUT}, ...). */
    public int offsetOf(int register) {
        if (!GpioBlock.isGroupRegister(register)) {
            throw new IllegalArgumentException("no GPIO register 0x" + Integer.toHexString(register));
        }
        return start + (register == GpioBlock.DIN ? dataIn : register);
    }

    /** The register at window offset {@code offset}, as its offset in a GPIO group; -1 when none is there. */
    int registerAt(int offset) {
        int relative = offset - start;
        if (relative == dataIn) {
            return GpioBlock.DIN;
        }
        // a group's DIN offset means nothing where DIN has moved
        if (relative == GpioBlock.DIN || !GpioBlock.isGroupRegister(relative)) {
            return -1;
        }
        return relative;
    }
}
