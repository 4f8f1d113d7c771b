package io.sphaera.peripherals.gpio;

import io.sphaera.peripherals.bus.RegisterBlock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * The GPIO registers of one 4-pin group (GPIO0-3 ... GPIO20-23), at the offsets MediaTek's M4 driver uses; bit n of
 * each register is pin n of the group. Output enable, the pulls and input enable each have a plain register and SET
 * / RESET aliases that set or clear only the bits written as 1. Every register resets to 0: all pins inputs, no
 * pulls, output latches low.
 *
 * <p>The board's side: {@link #drive} puts a level on a pin from outside (a button), {@link #outputLevel} is what
 * the chip puts on it (an LED). DIN reads, per pin: the pin's own DOUT when it is an output; else what the board
 * drives; else its pull; a pin with nothing on it reads 0. Used on the device's executor only.
 */
public final class GpioBlock implements RegisterBlock {
    /** Pins per group. */
    public static final int PINS = 4;

    /** Data in: the levels on the pins. Read-only. */
    public static final int DIN = 0x04;
    /** Data out: the level each output pin drives. */
    public static final int DOUT = 0x10;
    /** Output enable: 1 makes the pin an output. */
    public static final int OE = 0x20;
    public static final int OE_SET = 0x24;
    public static final int OE_RESET = 0x28;
    public static final int PULL_UP = 0x30;
    public static final int PULL_UP_SET = 0x34;
    public static final int PULL_UP_RESET = 0x38;
    public static final int PULL_DOWN = 0x40;
    public static final int PULL_DOWN_SET = 0x44;
    public static final int PULL_DOWN_RESET = 0x48;
    /** Input enable: held and read back; it does not gate DIN in this model (see docs/peripherals.md). */
    public static final int IES = 0x60;
    public static final int IES_SET = 0x64;
    public static final int IES_RESET = 0x68;

    private static final Set<Integer> REGISTERS = Set.of(DIN, DOUT, OE, OE_SET, OE_RESET, PULL_UP, PULL_UP_SET,
            PULL_UP_RESET, PULL_DOWN, PULL_DOWN_SET, PULL_DOWN_RESET, IES, IES_SET, IES_RESET);
    private static final int PIN_BITS = (1 << PINS) - 1;

    private int dataOut;
    private int outputEnable;
    private int pullUp;
    private int pullDown;
    private int inputEnable;
    private final PinLevel[] driven = new PinLevel[PINS];
    private final GpioPin[] pins = new GpioPin[PINS];

    public GpioBlock() {
        Arrays.fill(driven, PinLevel.FLOATING);
        for (int pin = 0; pin < PINS; pin++) {
            pins[pin] = new GpioPin(this, pin);
        }
    }

    @Override
    public boolean hasRegister(int offset) {
        return REGISTERS.contains(offset);
    }

    @Override
    public int read32(int offset) {
        // a SET / RESET alias reads back the register it changes
        return switch (offset) {
            case DIN -> dataIn();
            case DOUT -> dataOut;
            case OE, OE_SET, OE_RESET -> outputEnable;
            case PULL_UP, PULL_UP_SET, PULL_UP_RESET -> pullUp;
            case PULL_DOWN, PULL_DOWN_SET, PULL_DOWN_RESET -> pullDown;
            case IES, IES_SET, IES_RESET -> inputEnable;
            default -> throw noRegister(offset);
        };
    }

    @Override
    public void write32(int offset, int value) {
        int bits = value & PIN_BITS;
        switch (offset) {
            case DIN -> { } // the pins' levels come from outside; a write has no effect
            case DOUT -> dataOut = bits;
            case OE -> outputEnable = bits;
            case OE_SET -> outputEnable |= bits;
            case OE_RESET -> outputEnable &= ~bits;
            case PULL_UP -> pullUp = bits;
            case PULL_UP_SET -> pullUp |= bits;
            case PULL_UP_RESET -> pullUp &= ~bits;
            case PULL_DOWN -> pullDown = bits;
            case PULL_DOWN_SET -> pullDown |= bits;
            case PULL_DOWN_RESET -> pullDown &= ~bits;
            case IES -> inputEnable = bits;
            case IES_SET -> inputEnable |= bits;
            case IES_RESET -> inputEnable &= ~bits;
            default -> throw noRegister(offset);
        }
    }

    /** Registers back to 0. What the board drives stays: it is outside the chip. */
    @Override
    public void reset() {
        dataOut = 0;
        outputEnable = 0;
        pullUp = 0;
        pullDown = 0;
        inputEnable = 0;
    }

    /** The board's handle on pin {@code pin} of this group. */
    public GpioPin pin(int pin) {
        return pins[checkPin(pin)];
    }

    /**
     * What the chip puts on pin {@code pin}: its DOUT level when it is an output; otherwise the level its single
     * pull gives, or {@link PinLevel#FLOATING} with no pull (or both, which fight and decide nothing).
     */
    public PinLevel outputLevel(int pin) {
        checkPin(pin);
        if (isSet(outputEnable, pin)) {
            return isSet(dataOut, pin) ? PinLevel.HIGH : PinLevel.LOW;
        }
        return pullLevel(pin);
    }

    /** Has the board drive {@code level} onto pin {@code pin}; {@link PinLevel#FLOATING} lets go of it. */
    public void drive(int pin, PinLevel level) {
        driven[checkPin(pin)] = Objects.requireNonNull(level, "level");
    }

    /** What the board drives onto pin {@code pin}. */
    public PinLevel drivenLevel(int pin) {
        return driven[checkPin(pin)];
    }

    private int dataIn() {
        int bits = 0;
        for (int pin = 0; pin < PINS; pin++) {
            if (inputLevel(pin) == PinLevel.HIGH) {
                bits |= 1 << pin;
            }
        }
        return bits;
    }

    private PinLevel inputLevel(int pin) {
        if (isSet(outputEnable, pin)) {
            return outputLevel(pin);
        }
        // the board's drive overpowers a weak pull
        return driven[pin] != PinLevel.FLOATING ? driven[pin] : pullLevel(pin);
    }

    private PinLevel pullLevel(int pin) {
        boolean up = isSet(pullUp, pin);
        boolean down = isSet(pullDown, pin);
        if (up == down) {
            return PinLevel.FLOATING;
        }
        return up ? PinLevel.HIGH : PinLevel.LOW;
    }

    private static boolean isSet(int register, int pin) {
        return (register & (1 << pin)) != 0;
    }

    private static int checkPin(int pin) {
        return Objects.checkIndex(pin, PINS);
    }

    private static IllegalArgumentException noRegister(int offset) {
        return new IllegalArgumentException("no GPIO register at offset 0x" + Integer.toHexString(offset));
    }
}
