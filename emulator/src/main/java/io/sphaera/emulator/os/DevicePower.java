package io.sphaera.emulator.os;

import java.time.Duration;

/**
 * What powermanagement.h asks of the device: a reboot, or a power-down that ends after at most a given time. Called
 * on the app's thread while the device's executor waits for it, so an implementation only schedules the work on that
 * executor; the device stopping the app (at power-off) is what ends the call.
 */
public interface DevicePower {
    /** Power off, then on again. */
    void reboot();

    /** Power off, then on again after {@code maxResidency} of the device's time (no wake-up pins are modelled). */
    void powerDown(Duration maxResidency);
}
