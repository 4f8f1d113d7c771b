package io.sphaera.peripherals.pwm;

/**
 * What one PWM channel puts on its pin. When not {@code running} the channel does not drive the pin and the pin
 * shows its GPIO state; otherwise the pin is high for {@code highFraction} of each {@code periodNanos}.
 */
public record PwmOutput(boolean running, double periodNanos, double highFraction) {
    public static final PwmOutput STOPPED = new PwmOutput(false, 0, 0);
}
