package io.sphaera.peripherals.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.gpio.GpioBlock;
import io.sphaera.peripherals.gpio.PinLevel;
import io.sphaera.peripherals.i2c.Tmp102;
import io.sphaera.peripherals.mt3620.Core;
import io.sphaera.peripherals.mt3620.PeripheralBlock;
import io.sphaera.peripherals.uart.SerialBuffer;
import io.sphaera.peripherals.uart.Uart;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class BoardTest {
    private static final int GROUP2 = 0x3803_0000;
    private static final int GROUP3 = 0x3804_0000;

    private final Mt3620Peripherals chip = new Mt3620Peripherals();
    private final Board board = Board.attach(BoardDescription.mt3620Rdb(), chip);

    @Test
    void anActiveLowLedLightsWhenItsPinIsDrivenLow() {
        chip.firewall().assign(PeripheralBlock.PWM_CONTROLLER_2, Core.A7);
        Led red = board.led("LED1_RED");
        assertFalse(red.isOn(), "a floating pin leaves it dark");
        chip.bus().write32(Core.A7, GROUP2 + GpioBlock.OE_SET, 1);
        assertTrue(red.isOn());
        chip.bus().write32(Core.A7, GROUP2 + GpioBlock.DOUT, 1);
        assertFalse(red.isOn());
        assertEquals(0.0, red.brightness());
    }

    @Test
    void buttonsPullUpAndReadLowWhenPressed() {
        chip.firewall().assign(PeripheralBlock.GPIO_12_15, Core.IO0);
        Button a = board.button("BUTTON_A");
        assertEquals(PinLevel.HIGH, chip.gpioPin(12).orElseThrow().drivenLevel());
        assertEquals(0b11, chip.bus().read32(Core.IO0, GROUP3 + GpioBlock.DIN) & 0b11);
        a.press();
        assertTrue(a.isPressed());
        assertEquals(0b10, chip.bus().read32(Core.IO0, GROUP3 + GpioBlock.DIN) & 0b11);
        a.release();
        assertEquals(0b11, chip.bus().read32(Core.IO0, GROUP3 + GpioBlock.DIN) & 0b11);
    }

    @Test
    void devicesLandOnTheirIsus() {
        assertTrue(chip.isu(2).i2cMaster().target(0x48) instanceof Tmp102);
        assertEquals(board.spiFlash("SPI_FLASH"),
                chip.isu(1).spiMaster().target(io.sphaera.peripherals.spi.SpiChipSelect.A));
        board.setTemperature("TEMPERATURE_SENSOR", 31.0);
        assertEquals(31.0, board.temperatureSensor("TEMPERATURE_SENSOR").temperature());
        assertEquals(1.25, board.adcVolts(0));
        board.setAdcVolts(0, 2.0);
        assertEquals(2.0, chip.adc().volts(0));
    }

    @Test
    void aHostSerialLineSeesWhatTheChipSends() {
        chip.firewall().assign(PeripheralBlock.ISU3, Core.IO1);
        SerialBuffer host = board.connectSerial(3);
        chip.bus().write32(Core.IO1, 0x380A_0500 + Uart.LCR, 3);
        chip.bus().write32(Core.IO1, 0x380A_0500 + Uart.THR, 'A');
        assertArrayEquals(new byte[] {'A'}, host.takeReceived());
        host.send((byte) 'B');
        assertEquals('B', chip.bus().read32(Core.IO1, 0x380A_0500 + Uart.RBR));
    }

    @Test
    void aSerialLineCannotReplaceTheBoardsOwnWiring() {
        assertThrows(IllegalStateException.class, () -> board.connectSerial(0));
        assertThrows(IllegalStateException.class, () -> board.connectSerial(2));
        assertThrows(NoSuchElementException.class, () -> board.led("LED9"));
    }
}
