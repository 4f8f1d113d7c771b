package io.sphaera.peripherals;

import io.sphaera.peripherals.adc.AdcController;
import io.sphaera.peripherals.bus.InterleavedRegisters;
import io.sphaera.peripherals.bus.PeripheralBus;
import io.sphaera.peripherals.bus.RegisterWindow;
import io.sphaera.peripherals.firewall.HardwareFirewall;
import io.sphaera.peripherals.gpio.GpioBlock;
import io.sphaera.peripherals.gpio.GpioPin;
import io.sphaera.peripherals.gpio.GpioRegisterLayout;
import io.sphaera.peripherals.isu.IsuBlock;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import io.sphaera.peripherals.pwm.PwmController;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One chip's peripherals wired together: the firewall, the bus, and the register models behind their windows: GPIO
 * registers in every block's window, for all 68 GPIOs (the six 4-pin groups at +0x0000, among each ISU's and the
 * ADC's own registers, at +0x100 in each I2S block, and GPIO80's in a window of its own), a PWM controller in each of
 * the first three groups' windows (+0x1000), the five ISUs (UART, I2C master, SPI master each) and ADC controller 0.
 * The I2S function and the I/O cores' private blocks are on the bus unmodelled. Used on the device's executor only.
 */
public final class Mt3620Peripherals {
    /** The six 4-pin GPIO groups at 0x38010000..0x38060000 (GPIO0-23); every other block has GPIO registers too. */
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
        for (PeripheralBlock block : PeripheralBlock.values()) {
            gpioGroups.put(block, new GpioBlock(block.gpioRegisterWidth(), GpioRegisterLayout.of(block)));
        }
        for (PeripheralBlock block : GPIO_GROUPS) {
            GpioBlock gpio = gpioGroups.get(block);
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
            // the GPIO registers sit between the ISU's global control (+0x00) and pad enable (+0xA0)
            bus.attach(ISUS.get(isu), new InterleavedRegisters(gpioGroups.get(ISUS.get(isu)), isus[isu]));
        }
        bus.attach(PeripheralBlock.ADC_CONTROLLER_0,
                new InterleavedRegisters(gpioGroups.get(PeripheralBlock.ADC_CONTROLLER_0), adc));
        // nothing else is modelled in these windows: I2S is not, and GPIO80's window holds only its registers
        for (PeripheralBlock block : List.of(PeripheralBlock.I2S0, PeripheralBlock.I2S1, PeripheralBlock.GPIO_80)) {
            bus.attach(block, gpioGroups.get(block));
        }
    }

    public HardwareFirewall firewall() {
        return firewall;
    }

    public PeripheralBus bus() {
        return bus;
    }

    /** The board's handle on GPIO {@code gpio}; none when the MT3620 has no such GPIO. */
    public Optional<GpioPin> gpioPin(int gpio) {
        return PeripheralBlock.ofGpio(gpio)
                .filter(gpioGroups::containsKey)
                .map(block -> gpioGroups.get(block).pin(block.gpioBit(gpio)));
    }

    /** The GPIO registers of {@code block}: a group's, an ISU's, the ADC's, an I2S block's or GPIO80's. */
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
