package io.sphaera.peripherals;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.adc.AdcController;
import io.sphaera.peripherals.bus.BusFault;
import io.sphaera.peripherals.driver.AdcDriver;
import io.sphaera.peripherals.driver.UartDriver;
import io.sphaera.peripherals.gpio.GpioBlock;
import io.sphaera.peripherals.gpio.GpioPin;
import io.sphaera.peripherals.gpio.GpioPinRegisters;
import io.sphaera.peripherals.gpio.PinLevel;
import io.sphaera.peripherals.isu.IsuBlock;
import io.sphaera.peripherals.isu.IsuRole;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import io.sphaera.peripherals.uart.SerialBuffer;
import io.sphaera.peripherals.uart.UartParity;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The GPIO registers of GPIO 26 and up, through the bus as a real-time core drives them, in windows they share. */
class GpioPinsOnTheBusTest {
    private final Mt3620Peripherals chip = new Mt3620Peripherals();

    private int read(GpioPinRegisters gpio, int register) {
        return chip.bus().read32(Core.IO0, gpio.address(register));
    }

    private void write(GpioPinRegisters gpio, int register, int value) {
        chip.bus().write32(Core.IO0, gpio.address(register), value);
    }

    // the first and last GPIO of each block beyond GPIO0-23
    @ParameterizedTest
    @ValueSource(ints = {26, 30, 31, 35, 36, 40, 41, 48, 56, 60, 61, 65, 66, 70, 71, 75, 80})
    void anOutputDrivesItsPinHighAndLowAndTheBlocksOtherPinsStayInputs(int number) {
        GpioPinRegisters gpio = GpioPinRegisters.of(number).orElseThrow();
        chip.firewall().assign(gpio.block(), Core.IO0);
        GpioPin pin = chip.gpioPin(number).orElseThrow();

        write(gpio, GpioBlock.OE_SET, gpio.mask());
        assertEquals(gpio.mask(), read(gpio, GpioBlock.OE), "direction: an output");
        write(gpio, GpioBlock.DOUT, gpio.mask());
        assertEquals(PinLevel.HIGH, pin.outputLevel());
        assertEquals(gpio.mask(), read(gpio, GpioBlock.DIN), "an output reads its own level");
        write(gpio, GpioBlock.DOUT, 0);
        assertEquals(PinLevel.LOW, pin.outputLevel());
        for (int other : gpio.block().gpios()) {
            if (other != number) {
                assertEquals(PinLevel.FLOATING, chip.gpioPin(other).orElseThrow().outputLevel(), "GPIO " + other);
            }
        }

        write(gpio, GpioBlock.OE_RESET, gpio.mask());
        assertEquals(0, read(gpio, GpioBlock.OE), "direction: an input again");
        assertEquals(PinLevel.FLOATING, pin.outputLevel());
    }

    @ParameterizedTest
    @ValueSource(ints = {27, 33, 39, 44, 58, 63, 69, 74, 80})
    void anInputReadsWhatTheBoardDrivesAndItsPull(int number) {
        GpioPinRegisters gpio = GpioPinRegisters.of(number).orElseThrow();
        chip.firewall().assign(gpio.block(), Core.IO0);
        GpioPin pin = chip.gpioPin(number).orElseThrow();

        assertEquals(0, read(gpio, GpioBlock.DIN));
        write(gpio, GpioBlock.PULL_UP_SET, gpio.mask());
        assertEquals(gpio.mask(), read(gpio, GpioBlock.DIN), "pulled up");
        pin.drive(PinLevel.LOW);
        assertEquals(0, read(gpio, GpioBlock.DIN), "the board overpowers the pull");
        pin.drive(PinLevel.HIGH);
        write(gpio, GpioBlock.PULL_UP_RESET, gpio.mask());
        assertEquals(gpio.mask(), read(gpio, GpioBlock.DIN));
    }

    @Test
    void eachBlocksRegistersDriveOnlyItsOwnPins() {
        for (PeripheralBlock block : PeripheralBlock.values()) {
            chip.firewall().assign(block, Core.IO0);
        }
        GpioPinRegisters gpio31 = GpioPinRegisters.of(31).orElseThrow();
        write(gpio31, GpioBlock.OE_SET, 1);
        write(gpio31, GpioBlock.DOUT, 1);
        for (int gpio : PeripheralBlock.allGpios()) {
            PinLevel expected = gpio == 31 ? PinLevel.HIGH : PinLevel.FLOATING;
            assertEquals(expected, chip.gpioPin(gpio).orElseThrow().outputLevel(), "GPIO " + gpio);
        }
    }

    @Test
    void anotherCoresBlockFaultsAndAResetClearsTheNewGroups() {
        GpioPinRegisters gpio66 = GpioPinRegisters.of(66).orElseThrow();
        chip.firewall().assign(PeripheralBlock.ISU3, Core.IO1);
        BusFault fault = assertThrows(BusFault.class, () -> write(gpio66, GpioBlock.OE_SET, 1));
        assertTrue(fault.reason().contains("in use by IO1"), fault.reason());

        chip.bus().write32(Core.IO1, gpio66.address(GpioBlock.OE_SET), 1);
        chip.bus().write32(Core.IO1, gpio66.address(GpioBlock.DOUT), 1);
        assertEquals(PinLevel.HIGH, chip.gpioPin(66).orElseThrow().outputLevel());
        chip.reset();
        assertEquals(PinLevel.FLOATING, chip.gpioPin(66).orElseThrow().outputLevel());
    }

    @Test
    void anIsuUsedAsUartWorksBesideItsUntouchedGpioRegisters() {
        chip.firewall().assign(PeripheralBlock.ISU1, Core.IO0);
        SerialBuffer line = new SerialBuffer();
        chip.isu(1).uart().connect(line);
        UartDriver uart = new UartDriver(chip.bus(), Core.IO0, 1);
        uart.configure(115_200, 8, UartParity.NONE, 1).orElseThrow();
        byte[] message = "through ISU1".getBytes(StandardCharsets.US_ASCII);
        assertEquals(message.length, uart.write(message).orElseThrow());
        assertArrayEquals(message, line.takeReceived());
        line.send((byte) 'k');
        assertArrayEquals(new byte[] {'k'}, uart.read(8).orElseThrow());

        assertEquals(Optional.of(IsuRole.UART), chip.isu(1).role());
        GpioPinRegisters gpio = GpioPinRegisters.of(31).orElseThrow();
        for (int register : List.of(GpioBlock.DIN, GpioBlock.DOUT, GpioBlock.OE, GpioBlock.PULL_UP,
                GpioBlock.PULL_DOWN, GpioBlock.IES)) {
            assertEquals(0, read(gpio, register), "GPIO register 0x" + Integer.toHexString(register));
        }
        for (int number = 31; number <= 35; number++) {
            assertEquals(PinLevel.FLOATING, chip.gpioPin(number).orElseThrow().outputLevel(), "GPIO " + number);
        }
    }

    @Test
    void gpioWritesClaimNoIsuRoleAndLeaveTheGlobalControlAlone() {
        chip.firewall().assign(PeripheralBlock.ISU2, Core.IO0);
        GpioPinRegisters gpio = GpioPinRegisters.of(38).orElseThrow();
        int isu2 = PeripheralBlock.ISU2.baseAddress().orElseThrow();
        chip.bus().write32(Core.IO0, isu2 + IsuBlock.GLOBAL_CONTROL, IsuBlock.CONTROL_UART_CLOCKS);

        write(gpio, GpioBlock.OE_SET, gpio.mask());
        write(gpio, GpioBlock.DOUT, gpio.mask());

        assertEquals(Optional.empty(), chip.isu(2).role());
        assertEquals(IsuBlock.CONTROL_UART_CLOCKS, chip.bus().read32(Core.IO0, isu2 + IsuBlock.GLOBAL_CONTROL));
        assertEquals(PinLevel.HIGH, chip.gpioPin(38).orElseThrow().outputLevel());
        // and the ISU still takes any one role afterwards
        new UartDriver(chip.bus(), Core.IO0, 2).configure(9600, 8, UartParity.NONE, 1).orElseThrow();
        assertEquals(Optional.of(IsuRole.UART), chip.isu(2).role());
        assertEquals(PinLevel.HIGH, chip.gpioPin(38).orElseThrow().outputLevel());
    }

    @Test
    void theAdcSamplesWhileItsGpioRegistersDriveAnotherPin() {
        chip.firewall().assign(PeripheralBlock.ADC_CONTROLLER_0, Core.IO0);
        chip.adc().setVolts(3, 1.25);
        GpioPinRegisters gpio48 = GpioPinRegisters.of(48).orElseThrow();
        write(gpio48, GpioBlock.OE_SET, gpio48.mask());
        write(gpio48, GpioBlock.DOUT, gpio48.mask());

        int sample = new AdcDriver(chip.bus(), Core.IO0).poll(3).orElseThrow();
        assertEquals(1.25, AdcDriver.volts(sample), AdcController.REFERENCE_VOLTS / 4096);
        assertEquals(PinLevel.HIGH, chip.gpioPin(48).orElseThrow().outputLevel());
        assertEquals(gpio48.mask(), read(gpio48, GpioBlock.OE), "the ADC driver left the GPIO registers alone");
    }
}
