package io.sphaera.peripherals.pwm;

/** Which level a PWM channel's duty time drives, as applibs' PWM_Polarity names it. */
public enum PwmPolarity {
    /** High for the duty time (CTRL polarity bit set, the BSP's default). */
    NORMAL,
    /** Low for the duty time. */
    INVERSED
}
