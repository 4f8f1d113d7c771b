package io.sphaera.peripherals.gpio;

import io.sphaera.peripherals.bus.RegisterBlock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * The GPIO registers of one block: a 4-pin group (GPIO0-3 ... GPIO20-23), an ISU's five pins, the ADC's eight, an I2S
 * block's five or GPIO80's window. The registers are those of MediaTek's M4 driver, at the offsets of GPIO groups 0-5
 * (the constants here), moved in the window by the block's {@link GpioRegisterLayout}; bit n of each is pin n.
 * Output enable, the pulls and input enable each have a plain register and SET / RESET aliases that set or clear only
 * the bits written as 1. Every register resets to 0: all pins inputs, no pulls, output latches low.
 *
 * <p>The board's side: {@link #drive} puts a level on a pin from outside (a button), {@link #outputLevel} is what
 * the chip puts on it (an LED). DIN reads, per pin: the pin's own DOUT when it is an output; else what the board
 * drives; else its pull; a pin with nothing on it reads 0. Used on the device's executor only.
 */
public final class GpioBlock implements RegisterBlock {
    /** Pins of each of GPIO groups 0-5. */
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

    private final int pinCount;
    private final int pinBits;
    private final GpioRegisterLayout layout;
    private int dataOut;
    private int outputEnable;
    private int pullUp;
    private int pullDown;
    private int inputEnable;
    private final PinLevel[] driven;
    private final GpioPin[] pins;

    /** One of GPIO groups 0-5: four pins, the registers at their own offsets. */
    public GpioBlock() {
        this(PINS, GpioRegisterLayout.GROUP);
    }

    /** The registers of {@code pinCount} pins (1-32), placed in the window as {@code layout} says. */
    public GpioBlock(int pinCount, GpioRegisterLayout layout) {
        if (pinCount < 1 || pinCount > Integer.SIZE) {
            throw new IllegalArgumentException("a GPIO block has 1 to 32 pins, not " + pinCount);
        }
        this.pinCount = pinCount;
        this.pinBits = (int) ((1L << pinCount) - 1);
        this.layout = Objects.requireNonNull(layout, "layout");
        driven = new PinLevel[pinCount];
        pins = new GpioPin[pinCount];
        Arrays.fill(driven, PinLevel.FLOATING);
        for (int pin = 0; pin < pinCount; pin++) {
            pins[pin] = new GpioPin(this, pin);
        }
    }

    /** How many pins the registers have bits for. */
    public int pinCount() {
        return pinCount;
    }

    /** Where the registers sit in the block's window. */
    public GpioRegisterLayout layout() {
        return layout;
    }

    /** Whether {@code offset} is a register's offset in GPIO groups 0-5. */
    static boolean isGroupRegister(int offset) {
        return REGISTERS.contains(offset);
    }

    @Override
    public boolean hasRegister(int offset) {
        return layout.registerAt(offset) >= 0;
    }

    @Override
    public int read32(int offset) {
        // SET / RESET aliases read as 0: the BSP read-modify-writes them (mtk_hdl_gpio_modify_reg), which touches only
        // the bit it names on the chip, so they cannot read back the register they change.
        return switch (groupRegister(offset)) {
            case DIN -> dataIn();
            case DOUT -> dataOut;
            case OE -> outputEnable;
            case PULL_UP -> pullUp;
            case PULL_DOWN -> pullDown;
            case IES -> inputEnable;
            case OE_SET, OE_RESET, PULL_UP_SET, PULL_UP_RESET, PULL_DOWN_SET, PULL_DOWN_RESET, IES_SET, IES_RESET -> 0;
            default -> throw noRegister(offset);
        };
    }

    @Override
    public void write32(int offset, int value) {
        int bits = value & pinBits;
        switch (groupRegister(offset)) {
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
        for (int pin = 0; pin < pinCount; pin++) {
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

    private int checkPin(int pin) {
        return Objects.checkIndex(pin, pinCount);
    }

    private int groupRegister(int offset) {
        int register = layout.registerAt(offset);
        if (register < 0) {
            throw noRegister(offset);
        }
        return register;
    }

    private static IllegalArgumentException noRegister(int offset) {
        return new IllegalArgumentException("no GPIO register at offset 0x" + Integer.toHexString(offset));
    }
}
