package io.sphaera.peripherals.gpio;

/** The electrical state of a pin as one side puts it there. */
public enum PinLevel {
    LOW,
    HIGH,
    /** Not driven by this side: high impedance, with no pull to decide a level. */
    FLOATING
}
