package io.sphaera.peripherals.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.peripherals.gpio.GpioBlock;
import org.junit.jupiter.api.Test;

class RegisterWindowTest {
    @Test
    void eachRegionSeesOffsetsFromItsOwnStart() {
        GpioBlock low = new GpioBlock();
        GpioBlock high = new GpioBlock();
        RegisterWindow window = new RegisterWindow().place(0, 0x100, low).place(0x1000, 0x100, high);
        window.write32(0x1000 + GpioBlock.OE, 0b11);
        assertEquals(0b11, high.read32(GpioBlock.OE));
        assertEquals(0, low.read32(GpioBlock.OE));
        assertTrue(window.hasRegister(0x1000 + GpioBlock.DIN));
        assertFalse(window.hasRegister(0x800), "between regions");
        assertFalse(window.hasRegister(0x1000 + 0x0C), "a region's own gaps");
        window.reset();
        assertEquals(0, high.read32(GpioBlock.OE));
    }

    @Test
    void regionsMayNotOverlap() {
        RegisterWindow window = new RegisterWindow().place(0x100, 0x100, new GpioBlock());
        assertThrows(IllegalArgumentException.class, () -> window.place(0x1FC, 4, new GpioBlock()));
    }
}
