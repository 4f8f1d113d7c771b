package io.sphaera.peripherals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.bus.BusFault;
import io.sphaera.peripherals.gpio.GpioBlock;
import io.sphaera.peripherals.gpio.GpioPin;
import io.sphaera.peripherals.gpio.PinLevel;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import org.junit.jupiter.api.Test;

class Mt3620PeripheralsTest {
    private static final int GROUP2 = 0x3803_0000; // GPIO8-11
    private static final int GROUP3 = 0x3804_0000; // GPIO12-15

    private final Mt3620Peripherals chip = new Mt3620Peripherals();

    @Test
    void aRealTimeAppLightsAnLedAndReadsAButtonThroughTheBus() {
        chip.firewall().assign(PeripheralBlock.PWM_CONTROLLER_2, Core.IO0);
        chip.firewall().assign(PeripheralBlock.GPIO_12_15, Core.IO0);
        GpioPin led = chip.gpioPin(9).orElseThrow();
        GpioPin button = chip.gpioPin(12).orElseThrow();

        chip.bus().write32(Core.IO0, GROUP2 + GpioBlock.OE_SET, 1 << 1);
        chip.bus().write32(Core.IO0, GROUP2 + GpioBlock.DOUT, 1 << 1);
        chip.bus().write32(Core.IO0, GROUP3 + GpioBlock.PULL_UP_SET, 1);
        assertEquals(PinLevel.HIGH, led.outputLevel());
        assertEquals(1, chip.bus().read32(Core.IO0, GROUP3 + GpioBlock.DIN) & 1);

        button.drive(PinLevel.LOW);
        assertEquals(0, chip.bus().read32(Core.IO0, GROUP3 + GpioBlock.DIN) & 1);

        BusFault fault = assertThrows(BusFault.class,
                () -> chip.bus().write32(Core.A7, GROUP2 + GpioBlock.DOUT, 0));
        assertTrue(fault.getMessage().contains("in use by IO0"), fault.getMessage());
        assertEquals(PinLevel.HIGH, led.outputLevel());
    }

    @Test
    void everyGpioOfTheChipHasAPinAndNoOtherNumberDoes() {
        for (int gpio : PeripheralBlock.allGpios()) {
            assertTrue(chip.gpioPin(gpio).isPresent(), "GPIO " + gpio);
        }
        assertEquals(3, chip.gpioPin(23).orElseThrow().index());
        assertEquals(0, chip.gpioPin(26).orElseThrow().index());
        assertEquals(4, chip.gpioPin(80).orElseThrow().index(), "GPIO80 is bit 4 of its registers");
        assertTrue(chip.gpioPin(24).isEmpty());
        assertTrue(chip.gpioPin(76).isEmpty());
    }

    @Test
    void aResetClearsRegistersAndTheFirewall() {
        chip.firewall().assign(PeripheralBlock.PWM_CONTROLLER_2, Core.A7);
        chip.bus().write32(Core.A7, GROUP2 + GpioBlock.OE_SET, 1);
        chip.bus().write32(Core.A7, GROUP2 + GpioBlock.DOUT, 1);
        chip.firewall().lock();

        chip.reset();

        assertEquals(PinLevel.FLOATING, chip.gpioPin(8).orElseThrow().outputLevel());
        assertThrows(BusFault.class, () -> chip.bus().read32(Core.A7, GROUP2 + GpioBlock.DOUT));
        chip.firewall().assign(PeripheralBlock.PWM_CONTROLLER_2, Core.IO1);
        assertEquals(0, chip.bus().read32(Core.IO1, GROUP2 + GpioBlock.DOUT));
    }
}
