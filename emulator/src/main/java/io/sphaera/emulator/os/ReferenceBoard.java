package io.sphaera.emulator.os;

import io.sphaera.peripherals.Mt3620Peripherals;
import io.sphaera.peripherals.gpio.PinLevel;

/**
 * What the MT3620 reference board (RDB) puts on the chip's pins, so far: its buttons A and B (GPIO 12 and 13) have
 * pull-ups, so a released button reads high and a pressed one low (mt3620_rdb.json). The board description file that
 * wires LEDs, buttons, sensors and loopbacks from JSON replaces this (issue 5).
 */
public final class ReferenceBoard {
    public static final int BUTTON_A = 12;
    public static final int BUTTON_B = 13;

    private ReferenceBoard() {
    }

    /** The board at rest: both buttons released. */
    public static void wire(Mt3620Peripherals chip) {
        for (int button : new int[] {BUTTON_A, BUTTON_B}) {
            chip.gpioPin(button).orElseThrow().drive(PinLevel.HIGH);
        }
    }
}
