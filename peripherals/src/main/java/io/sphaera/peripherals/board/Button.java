package io.sphaera.peripherals.board;

import io.sphaera.peripherals.gpio.GpioPin;
import io.sphaera.peripherals.gpio.PinLevel;
import java.util.Objects;

/**
 * A push button on a GPIO, which the host presses and releases. With the board's pull-up it drives the pin high
 * when released and low when pressed (the RDB's buttons A and B); with a pull-down the reverse.
 */
public final class Button {
    private final String name;
    private final int gpio;
    private final boolean pullUp;
    private final GpioPin pin;
    private boolean pressed;

    Button(String name, int gpio, boolean pullUp, GpioPin pin) {
        this.name = Objects.requireNonNull(name, "name");
        this.gpio = gpio;
        this.pullUp = pullUp;
        this.pin = Objects.requireNonNull(pin, "pin");
        release();
    }

    public String name() {
        return name;
    }

    public int gpio() {
        return gpio;
    }

    public void press() {
        pressed = true;
        pin.drive(pullUp ? PinLevel.LOW : PinLevel.HIGH);
    }

    public void release() {
        pressed = false;
        pin.drive(pullUp ? PinLevel.HIGH : PinLevel.LOW);
    }

    public boolean isPressed() {
        return pressed;
    }

    @Override
    public String toString() {
        return "%s (GPIO %d): %s".formatted(name, gpio, pressed ? "pressed" : "released");
    }
}
