package io.sphaera.peripherals.gpio;

import static io.sphaera.peripherals.gpio.PinLevel.FLOATING;
import static io.sphaera.peripherals.gpio.PinLevel.HIGH;
import static io.sphaera.peripherals.gpio.PinLevel.LOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GpioBlockTest {
    private final GpioBlock gpio = new GpioBlock();

    @Test
    void afterResetEveryPinIsAFloatingInputReadingZero() {
        for (int offset : new int[] {GpioBlock.DIN, GpioBlock.DOUT, GpioBlock.OE, GpioBlock.PULL_UP,
                GpioBlock.PULL_DOWN, GpioBlock.IES}) {
            assertEquals(0, gpio.read32(offset), "offset 0x" + Integer.toHexString(offset));
        }
        for (int pin = 0; pin < GpioBlock.PINS; pin++) {
            assertEquals(FLOATING, gpio.outputLevel(pin));
            assertEquals(FLOATING, gpio.drivenLevel(pin));
        }
    }

    @Test
    void outputEnableSetAndResetChangeOnlyTheBitsWrittenAsOne() {
        gpio.write32(GpioBlock.OE_SET, 0b0101);
        gpio.write32(GpioBlock.OE_SET, 0b0010);
        assertEquals(0b0111, gpio.read32(GpioBlock.OE));

        gpio.write32(GpioBlock.OE_RESET, 0b0100);
        assertEquals(0b0011, gpio.read32(GpioBlock.OE));
        assertEquals(0, gpio.read32(GpioBlock.OE_SET), "the aliases read 0");

        // The BSP's way to make pin 0 an input: read OE_RESET, OR in the pin's bit, write it back. Only pin 0 changes.
        gpio.write32(GpioBlock.OE_RESET, gpio.read32(GpioBlock.OE_RESET) | 0b0001);
        assertEquals(0b0010, gpio.read32(GpioBlock.OE));

        gpio.write32(GpioBlock.OE, 0b1000);
        assertEquals(0b1000, gpio.read32(GpioBlock.OE));
    }

    @Test
    void doutDrivesAPinOnlyOnceItIsAnOutput() {
        gpio.write32(GpioBlock.DOUT, 0b0001);
        assertEquals(FLOATING, gpio.outputLevel(0));

        gpio.write32(GpioBlock.OE_SET, 0b0011);
        assertEquals(HIGH, gpio.outputLevel(0));
        assertEquals(LOW, gpio.outputLevel(1));
        assertEquals(FLOATING, gpio.outputLevel(2));

        gpio.write32(GpioBlock.DOUT, 0b0010);
        assertEquals(LOW, gpio.outputLevel(0));
        assertEquals(HIGH, gpio.pin(1).outputLevel());
        assertEquals(0b0010, gpio.read32(GpioBlock.DOUT));
    }

    @Test
    void dinReadsWhatTheBoardDrivesOntoAnInput() {
        gpio.drive(2, HIGH);
        assertEquals(0b0100, gpio.read32(GpioBlock.DIN));

        gpio.pin(3).drive(HIGH);
        gpio.drive(2, LOW);
        assertEquals(0b1000, gpio.read32(GpioBlock.DIN));
        assertEquals(HIGH, gpio.pin(3).drivenLevel());

        gpio.drive(3, FLOATING);
        assertEquals(0, gpio.read32(GpioBlock.DIN));
    }

    @Test
    void anOutputPinReadsItsOwnDoutWhateverTheBoardDrives() {
        gpio.write32(GpioBlock.OE_SET, 0b0001);
        gpio.write32(GpioBlock.DOUT, 0b0001);
        gpio.drive(0, LOW);
        assertEquals(0b0001, gpio.read32(GpioBlock.DIN));

        gpio.write32(GpioBlock.DOUT, 0);
        gpio.drive(0, HIGH);
        assertEquals(0, gpio.read32(GpioBlock.DIN));
    }

    @Test
    void aPullDecidesAnUndrivenPinAndTheBoardsDriveOverpowersIt() {
        gpio.write32(GpioBlock.PULL_UP_SET, 0b0001);
        gpio.write32(GpioBlock.PULL_DOWN_SET, 0b0010);
        assertEquals(0b0001, gpio.read32(GpioBlock.DIN));
        assertEquals(HIGH, gpio.outputLevel(0));
        assertEquals(LOW, gpio.outputLevel(1));

        // a button to ground on a pulled-up pin
        gpio.drive(0, LOW);
        assertEquals(0, gpio.read32(GpioBlock.DIN));
        gpio.drive(0, FLOATING);
        assertEquals(0b0001, gpio.read32(GpioBlock.DIN));

        gpio.write32(GpioBlock.PULL_UP_RESET, 0b0001);
        assertEquals(0b0000, gpio.read32(GpioBlock.PULL_UP));
        assertEquals(FLOATING, gpio.outputLevel(0));
        assertEquals(0, gpio.read32(GpioBlock.DIN));
    }

    @Test
    void pullUpAndPullDownTogetherDecideNothing() {
        gpio.write32(GpioBlock.PULL_UP, 0b0100);
        gpio.write32(GpioBlock.PULL_DOWN, 0b0100);
        assertEquals(FLOATING, gpio.outputLevel(2));
        assertEquals(0, gpio.read32(GpioBlock.DIN));
        gpio.write32(GpioBlock.PULL_DOWN_RESET, 0b0100);
        assertEquals(HIGH, gpio.outputLevel(2));
    }

    @Test
    void aWriteToTheReadOnlyDinChangesNothing() {
        gpio.drive(1, HIGH);
        gpio.write32(GpioBlock.DIN, 0b1111);
        gpio.write32(GpioBlock.DIN, 0);

        assertEquals(0b0010, gpio.read32(GpioBlock.DIN));
        for (int offset : new int[] {GpioBlock.DOUT, GpioBlock.OE, GpioBlock.PULL_UP, GpioBlock.PULL_DOWN,
                GpioBlock.IES}) {
            assertEquals(0, gpio.read32(offset));
        }
        for (int pin = 0; pin < GpioBlock.PINS; pin++) {
            assertEquals(FLOATING, gpio.outputLevel(pin));
        }
    }

    @Test
    void inputEnableIsHeldWithItsAliases() {
        gpio.write32(GpioBlock.IES_SET, 0b1001);
        gpio.write32(GpioBlock.IES_RESET, 0b0001);
        assertEquals(0b1000, gpio.read32(GpioBlock.IES));
        gpio.write32(GpioBlock.IES, 0b0110);
        assertEquals(0b0110, gpio.read32(GpioBlock.IES));
        assertEquals(0, gpio.read32(GpioBlock.IES_RESET));
    }

    @Test
    void bitsBeyondTheFourPinsAreDropped() {
        gpio.write32(GpioBlock.OE, 0xFFFF_FFF0);
        gpio.write32(GpioBlock.DOUT, -1);
        assertEquals(0, gpio.read32(GpioBlock.OE));
        assertEquals(0b1111, gpio.read32(GpioBlock.DOUT));
    }

    @Test
    void resetClearsTheRegistersButNotWhatTheBoardDrives() {
        gpio.write32(GpioBlock.OE_SET, 0b0001);
        gpio.write32(GpioBlock.DOUT, 0b0001);
        gpio.write32(GpioBlock.PULL_UP_SET, 0b0010);
        gpio.drive(3, HIGH);

        gpio.reset();

        assertEquals(FLOATING, gpio.outputLevel(0));
        assertEquals(FLOATING, gpio.outputLevel(1));
        assertEquals(0, gpio.read32(GpioBlock.DOUT));
        assertEquals(0b1000, gpio.read32(GpioBlock.DIN));
    }

    @Test
    void onlyTheKnownOffsetsAreRegisters() {
        assertTrue(gpio.hasRegister(GpioBlock.DIN));
        assertTrue(gpio.hasRegister(GpioBlock.IES_RESET));
        for (int offset : new int[] {0x00, 0x14, 0x18, 0x2C, 0x50, 0x6C, 0x100}) {
            assertFalse(gpio.hasRegister(offset), "offset 0x" + Integer.toHexString(offset));
            assertThrows(IllegalArgumentException.class, () -> gpio.read32(offset));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> gpio.pin(4));
        assertThrows(IndexOutOfBoundsException.class, () -> gpio.drive(-1, HIGH));
    }
}
