package io.sphaera.peripherals;

import io.sphaera.peripherals.adc.AdcController;
import io.sphaera.peripherals.bus.PeripheralBus;
import io.sphaera.peripherals.bus.RegisterWindow;
import io.sphaera.peripherals.firewall.HardwareFirewall;
import io.sphaera.peripherals.gpio.GpioBlock;
import io.sphaera.peripherals.gpio.GpioPin;
import io.sphaera.peripherals.isu.IsuBlock;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import io.sphaera.peripherals.pwm.PwmController;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One chip's peripherals wired together: the firewall, the bus, and the register models behind their windows: a
 * GPIO model for each of the six 4-pin groups (GPIO0-23), a PWM controller in each of the first three groups'
 * windows (+0x1000), the five ISUs (UART, I2C master, SPI master each) and ADC controller 0. I2S and the I/O cores'
 * private blocks are on the bus unmodelled. Used on the device's executor only.
 */
public final class Mt3620Peripherals {
    /** The blocks whose GPIO registers are modelled: the six groups at 0x38010000..0x38060000. */
    public static final List<PeripheralBlock> GPIO_GROUPS = List.of(
            PeripheralBlock.PWM_CONTROLLER_0, PeripheralBlock.PWM_CONTROLLER_1, PeripheralBlock.PWM_CONTROLLER_2,
            PeripheralBlock.GPIO_12_15, PeripheralBlock.GPIO_16_19, PeripheralBlock.GPIO_20_23);
    /** The ISUs' blocks, ISU0 first. */
    public static final List<PeripheralBlock> ISUS = List.of(PeripheralBlock.ISU0, PeripheralBlock.ISU1,
            PeripheralBlock.ISU2, PeripheralBlock.ISU3, PeripheralBlock.ISU4);
    /** The PWM controllers' blocks, controller 0 first. */
    public static final List<PeripheralBlock> PWM_CONTROLLERS = GPIO_GROUPS.subList(0, 3);

    private final HardwareFirewall firewall = new HardwareFirewall();
    private final PeripheralBus bus = new PeripheralBus(firewall);
    private final Map<PeripheralBlock, GpioBlock> gpioGroups = new EnumMap<>(PeripheralBlock.class);
    private final PwmController[] pwmControllers = new PwmController[PWM_CONTROLLERS.size()];
    private final IsuBlock[] isus = new IsuBlock[ISUS.size()];
    private final AdcController adc = new AdcController();

    public Mt3620Peripherals() {
        for (PeripheralBlock block : GPIO_GROUPS) {
            GpioBlock gpio = new GpioBlock();
            gpioGroups.put(block, gpio);
            RegisterWindow window = new RegisterWindow().place(0, PwmController.WINDOW_OFFSET, gpio);
            int controller = PWM_CONTROLLERS.indexOf(block);
            if (controller >= 0) {
                pwmControllers[controller] = new PwmController(controller);
                window.place(PwmController.WINDOW_OFFSET, PwmController.SIZE, pwmControllers[controller]);
            }
            bus.attach(block, window);
        }
        for (int isu = 0; isu < isus.length; isu++) {
            isus[isu] = new IsuBlock(isu);
            bus.attach(ISUS.get(isu), isus[isu]);
        }
        bus.attach(PeripheralBlock.ADC_CONTROLLER_0, adc);
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

    /** The GPIO registers of one of the six modelled groups ({@link #GPIO_GROUPS}). */
    public GpioBlock gpioGroup(PeripheralBlock block) {
        GpioBlock gpio = gpioGroups.get(Objects.requireNonNull(block, "block"));
        if (gpio == null) {
            throw new IllegalArgumentException(block + " has no modelled GPIO registers");
        }
        return gpio;
    }

    /** ISU {@code index} (0-4): its UART, I2C master, SPI master and role. */
    public IsuBlock isu(int index) {
        return isus[Objects.checkIndex(index, isus.length)];
    }

    /** PWM controller {@code index} (0-2), whose channel n drives GPIO 4 * index + n. */
    public PwmController pwmController(int index) {
        return pwmControllers[Objects.checkIndex(index, pwmControllers.length)];
    }

    /** ADC controller 0. */
    public AdcController adc() {
        return adc;
    }

    /** A chip reset: every register to its reset value, every block free and the firewall unlocked. */
    public void reset() {
        bus.reset();
        firewall.reset();
    }
}
