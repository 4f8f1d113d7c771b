package io.sphaera.peripherals.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.mt3620.PeripheralBlock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GpioRegisterLayoutTest {
    @Test
    void eachKindOfBlockPlacesTheRegistersAsMediaTeksDriverAddressesThem() {
        assertEquals(0x04, GpioRegisterLayout.GROUP.offsetOf(GpioBlock.DIN));
        assertEquals(0x0C, GpioRegisterLayout.ISU.offsetOf(GpioBlock.DIN));
        assertEquals(0x100, GpioRegisterLayout.I2S.offsetOf(GpioBlock.DIN));
        assertEquals(0x10, GpioRegisterLayout.ISU.offsetOf(GpioBlock.DOUT));
        assertEquals(0x124, GpioRegisterLayout.I2S.offsetOf(GpioBlock.OE_SET));
        assertEquals(0x68, GpioRegisterLayout.GROUP.offsetOf(GpioBlock.IES_RESET));
        assertThrows(IllegalArgumentException.class, () -> GpioRegisterLayout.GROUP.offsetOf(0x0C));
    }

    @Test
    void eachBlockHasItsKindsLayout() {
        assertEquals(GpioRegisterLayout.GROUP, GpioRegisterLayout.of(PeripheralBlock.PWM_CONTROLLER_0));
        assertEquals(GpioRegisterLayout.GROUP, GpioRegisterLayout.of(PeripheralBlock.GPIO_20_23));
        assertEquals(GpioRegisterLayout.GROUP, GpioRegisterLayout.of(PeripheralBlock.ADC_CONTROLLER_0));
        assertEquals(GpioRegisterLayout.ISU, GpioRegisterLayout.of(PeripheralBlock.ISU3));
        assertEquals(GpioRegisterLayout.ISU, GpioRegisterLayout.of(PeripheralBlock.GPIO_80));
        assertEquals(GpioRegisterLayout.I2S, GpioRegisterLayout.of(PeripheralBlock.I2S1));
    }

    @Test
    void anIsuBlocksRegistersAnswerOnlyAtTheirMovedOffsets() {
        GpioBlock gpio = new GpioBlock(5, GpioRegisterLayout.ISU);
        assertTrue(gpio.hasRegister(0x0C));
        assertFalse(gpio.hasRegister(0x04), "the group's DIN offset is not a register here");
        assertFalse(gpio.hasRegister(0x00), "the ISU's global control");
        assertFalse(gpio.hasRegister(0xA0), "the ISU's pad enable");

        gpio.write32(GpioBlock.OE_SET, 0b1_0001);
        gpio.write32(GpioBlock.DOUT, 0xFFFF_FFFF);
        assertEquals(0b1_1111, gpio.read32(GpioBlock.DOUT), "five pins, five bits");
        assertEquals(0b1_0001, gpio.read32(0x0C), "DIN: the two outputs' own levels");
        assertEquals(PinLevel.HIGH, gpio.pin(4).outputLevel());
        assertEquals(PinLevel.FLOATING, gpio.pin(3).outputLevel());
    }

    @Test
    void anI2sBlocksRegistersAre0x100Higher() {
        GpioBlock gpio = new GpioBlock(5, GpioRegisterLayout.I2S);
        assertFalse(gpio.hasRegister(GpioBlock.DOUT));
        gpio.pin(2).drive(PinLevel.HIGH);
        assertEquals(0b100, gpio.read32(0x100));
        gpio.write32(0x124, 0b1);
        gpio.write32(0x110, 0b1);
        assertEquals(0b101, gpio.read32(0x100));
        assertEquals(0b1, gpio.read32(0x120));
        assertEquals(PinLevel.HIGH, gpio.outputLevel(0));
    }

    @Test
    void aDriverFindsEachGpiosAddressesAndBit() {
        GpioPinRegisters gpio31 = GpioPinRegisters.of(31).orElseThrow();
        assertEquals(PeripheralBlock.ISU1, gpio31.block());
        assertEquals(0, gpio31.bit());
        assertEquals(0x3808_000C, gpio31.address(GpioBlock.DIN));
        assertEquals(0x3808_0024, gpio31.address(GpioBlock.OE_SET));

        GpioPinRegisters gpio48 = GpioPinRegisters.of(48).orElseThrow();
        assertEquals(0x80, gpio48.mask());
        assertEquals(0x3800_0004, gpio48.address(GpioBlock.DIN));

        assertEquals(0x380D_0100, GpioPinRegisters.of(56).orElseThrow().address(GpioBlock.DIN));
        assertEquals(0x380E_0110, GpioPinRegisters.of(65).orElseThrow().address(GpioBlock.DOUT));
        assertEquals(2, GpioPinRegisters.of(68).orElseThrow().bit());
        assertEquals(0x380A_000C, GpioPinRegisters.of(68).orElseThrow().address(GpioBlock.DIN));

        GpioPinRegisters gpio80 = GpioPinRegisters.of(80).orElseThrow();
        assertEquals(4, gpio80.bit());
        assertEquals(0x380C_0010, gpio80.address(GpioBlock.DOUT));

        assertEquals(2, GpioPinRegisters.of(10).orElseThrow().bit());
        assertEquals(0x3803_0004, GpioPinRegisters.of(10).orElseThrow().address(GpioBlock.DIN));
        assertEquals(Optional.empty(), GpioPinRegisters.of(24));
        assertEquals(Optional.empty(), GpioPinRegisters.of(76));
    }
}
