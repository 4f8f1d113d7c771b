package io.sphaera.peripherals.mt3620;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * A unit the hardware firewall assigns to one core: a group of GPIO pins together with the controller that shares
 * them. Claiming any pin of a block, or its controller, claims the whole block; a GPIO 8 for one core and a GPIO 9
 * for another cannot both be granted.
 *
 * <p>A block is named as an app manifest names it ("PWM-CONTROLLER-0", "ISU0", "ADC-CONTROLLER-0", "I2S0"); blocks
 * with no controller are named by their pins ("GPIO12-15", "GPIO80"), as the hardware definition's comments do.
 */
public enum PeripheralBlock {
    PWM_CONTROLLER_0("PWM-CONTROLLER-0", 0x3801_0000, range(0, 3)),
    PWM_CONTROLLER_1("PWM-CONTROLLER-1", 0x3802_0000, range(4, 7)),
    PWM_CONTROLLER_2("PWM-CONTROLLER-2", 0x3803_0000, range(8, 11)),
    GPIO_12_15("GPIO12-15", 0x3804_0000, range(12, 15)),
    GPIO_16_19("GPIO16-19", 0x3805_0000, range(16, 19)),
    GPIO_20_23("GPIO20-23", 0x3806_0000, range(20, 23)),
    ISU0("ISU0", 0x3807_0000, range(26, 30)),
    ISU1("ISU1", 0x3808_0000, range(31, 35)),
    ISU2("ISU2", 0x3809_0000, range(36, 40)),
    ISU3("ISU3", 0x380A_0000, range(66, 70)),
    ISU4("ISU4", 0x380B_0000, range(71, 75)),
    ADC_CONTROLLER_0("ADC-CONTROLLER-0", 0x3800_0000, range(41, 48)),
    I2S0("I2S0", 0x380D_0000, range(56, 60)),
    I2S1("I2S1", 0x380E_0000, range(61, 65)),
    /**
     * GPIO 80 alone. No source places its registers; this model puts them in the window MediaTek's memory map names
     * ISU5 (0x380C0000), at bit 4, where the BSP's pin arithmetic for GPIO 66-80 would put it (docs/peripherals.md).
     */
    GPIO_80("GPIO80", 0x380C_0000, range(80, 80), 4);

    /** Every block's register window spans this many bytes from its base: the spacing of the known bases. */
    public static final int WINDOW_SIZE = 0x1_0000;

    private final String blockName;
    private final OptionalInt baseAddress;
    private final List<Integer> gpios;
    private final int firstGpioBit;

    PeripheralBlock(String blockName, int baseAddress, List<Integer> gpios) {
        this(blockName, baseAddress, gpios, 0);
    }

    PeripheralBlock(String blockName, int baseAddress, List<Integer> gpios, int firstGpioBit) {
        this.blockName = blockName;
        this.baseAddress = OptionalInt.of(baseAddress);
        this.gpios = gpios;
        this.firstGpioBit = firstGpioBit;
    }

    /** The name an app manifest or an error message uses for this block. */
    public String blockName() {
        return blockName;
    }

    /** The GPIO numbers of the block's pins, in pin order. */
    public List<Integer> gpios() {
        return gpios;
    }

    /** Where the block's registers start in the I/O cores' view; every block has one (GPIO80's is chosen). */
    public OptionalInt baseAddress() {
        return baseAddress;
    }

    /** The position of {@code gpio} within this block: 0 for its first pin. */
    public int pinOf(int gpio) {
        int pin = gpios.indexOf(gpio);
        if (pin < 0) {
            throw new IllegalArgumentException("GPIO %d is not in block %s".formatted(gpio, blockName));
        }
        return pin;
    }

    /**
     * The bit of {@code gpio} in the block's GPIO registers: its position among the block's pins (GPIO 26 is bit 0
     * of ISU0's, GPIO 48 bit 7 of the ADC's), except GPIO 80, which is bit 4.
     */
    public int gpioBit(int gpio) {
        return firstGpioBit + pinOf(gpio);
    }

    /** How many pins the block's GPIO registers have bits for: its own, and for GPIO80 four unbonded ones below it. */
    public int gpioRegisterWidth() {
        return firstGpioBit + gpios.size();
    }

    /** The block that holds GPIO {@code gpio}, or none when the MT3620 has no such GPIO. */
    public static Optional<PeripheralBlock> ofGpio(int gpio) {
        return Arrays.stream(values()).filter(block -> block.gpios.contains(gpio)).findFirst();
    }

    /** The block a manifest names ("ISU2", "PWM-CONTROLLER-1", ...), matched exactly. */
    public static Optional<PeripheralBlock> named(String name) {
        return Arrays.stream(values()).filter(block -> block.blockName.equals(name)).findFirst();
    }

    /** Whether the MT3620 has a GPIO with this number (68 do: 0-23, 26-48, 56-75 and 80). */
    public static boolean isGpio(int gpio) {
        return ofGpio(gpio).isPresent();
    }

    /** Every valid GPIO number, ascending. */
    public static List<Integer> allGpios() {
        return Arrays.stream(values()).flatMap(block -> block.gpios.stream()).sorted().toList();
    }

    @Override
    public String toString() {
        return blockName;
    }

    private static List<Integer> range(int first, int last) {
        return IntStream.rangeClosed(first, last).boxed().toList();
    }
}
