package io.sphaera.peripherals.gpio;

import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.util.Optional;

/**
 * Where a driver finds one GPIO: the absolute address of each of its block's GPIO registers and the GPIO's bit in
 * them. GPIO 31 is bit 0 of ISU1's registers, DIN at 0x3808000C; GPIO 56 bit 0 of I2S0's, DIN at 0x380D0100.
 */
public record GpioPinRegisters(int gpio, PeripheralBlock block, int bit) {
    /** Where GPIO {@code gpio}'s registers are, or none when the MT3620 has no such GPIO. */
    public static Optional<GpioPinRegisters> of(int gpio) {
        return PeripheralBlock.ofGpio(gpio)
                .filter(block -> block.baseAddress().isPresent())
                .map(block -> new GpioPinRegisters(gpio, block, block.gpioBit(gpio)));
    }

    /** The absolute address of {@code register}, named by its offset in a GPIO group ({@link GpioBlock#OE_SET}...). */
    public int address(int register) {
        return block.baseAddress().orElseThrow() + GpioRegisterLayout.of(block).offsetOf(register);
    }

    /** The GPIO's bit as a mask. */
    public int mask() {
        return 1 << bit;
    }
}
