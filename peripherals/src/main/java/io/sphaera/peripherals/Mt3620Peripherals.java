package io.sphaera.peripherals;

import io.sphaera.peripherals.bus.PeripheralBus;
import io.sphaera.peripherals.firewall.HardwareFirewall;
import io.sphaera.peripherals.gpio.GpioBlock;
import io.sphaera.peripherals.gpio.GpioPin;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One chip's peripherals wired together: the firewall, the bus, and a GPIO register model behind each of the six
 * 4-pin groups (GPIO0-23) whose registers are known. Every other window is on the bus unmodelled. Used on the
 * device's executor only.
 */
public final class Mt3620Peripherals {
    /** The blocks whose GPIO registers are modelled: the six groups at 0x38010000..0x38060000. */
    public static final List<PeripheralBlock> GPIO_GROUPS = List.of(
            PeripheralBlock.PWM_CONTROLLER_0, PeripheralBlock.PWM_CONTROLLER_1, PeripheralBlock.PWM_CONTROLLER_2,
            PeripheralBlock.GPIO_12_15, PeripheralBlock.GPIO_16_19, PeripheralBlock.GPIO_20_23);

    private final HardwareFirewall firewall = new HardwareFirewall();
    private final PeripheralBus bus = new PeripheralBus(firewall);
    private final Map<PeripheralBlock, GpioBlock> gpioGroups = new EnumMap<>(PeripheralBlock.class);

    public Mt3620Peripherals() {
        for (PeripheralBlock block : GPIO_GROUPS) {
            GpioBlock gpio = new GpioBlock();
            gpioGroups.put(block, gpio);
            bus.attach(block, gpio);
        }
    }

    public HardwareFirewall firewall() {
        return firewall;
    }

    public PeripheralBus bus() {
        return bus;
    }

    /** The board's handle on GPIO {@code gpio}, when that pin's registers are modelled (GPIO 0-23). */
    public Optional<GpioPin> gpioPin(int gpio) {
        return PeripheralBlock.ofGpio(gpio)
                .filter(gpioGroups::containsKey)
                .map(block -> gpioGroups.get(block).pin(block.pinOf(gpio)));
    }

    /** A chip reset: every register to its reset value, every block free and the firewall unlocked. */
    public void reset() {
        bus.reset();
        firewall.reset();
    }
}
