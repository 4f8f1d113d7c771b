package io.sphaera.peripherals.board;

import io.sphaera.peripherals.gpio.GpioPin;
import io.sphaera.peripherals.gpio.PinLevel;
import io.sphaera.peripherals.pwm.PwmController;
import io.sphaera.peripherals.pwm.PwmOutput;
import java.util.Objects;

/**
 * An LED on a GPIO, as the host sees it. While the pin's PWM channel runs (for an LED wired with PWM) the LED's
 * brightness is the fraction of time the channel holds it lit; otherwise it is fully lit or dark by the pin's GPIO
 * level. A floating pin leaves it dark.
 */
public final class Led {
    private final String name;
    private final int gpio;
    private final boolean activeLow;
    private final GpioPin pin;
    private final PwmController pwm;
    private final int channel;

    Led(String name, int gpio, boolean activeLow, GpioPin pin, PwmController pwm, int channel) {
        this.name = Objects.requireNonNull(name, "name");
        this.gpio = gpio;
        this.activeLow = activeLow;
        this.pin = Objects.requireNonNull(pin, "pin");
        this.pwm = pwm;
        this.channel = channel;
    }

    public String name() {
        return name;
    }

    public int gpio() {
        return gpio;
    }

    public boolean activeLow() {
        return activeLow;
    }

    /** How lit the LED is, 0 (dark) to 1 (fully lit). */
    public double brightness() {
        if (pwm != null) {
            PwmOutput output = pwm.output(channel);
            if (output.running()) {
                return activeLow ? 1 - output.highFraction() : output.highFraction();
            }
        }
        PinLevel level = pin.outputLevel();
        return level == (activeLow ? PinLevel.LOW : PinLevel.HIGH) ? 1 : 0;
    }

    /** Whether the LED gives any light. */
    public boolean isOn() {
        return brightness() > 0;
    }

    @Override
    public String toString() {
        return "%s (GPIO %d): %.0f%%".formatted(name, gpio, brightness() * 100);
    }
}
