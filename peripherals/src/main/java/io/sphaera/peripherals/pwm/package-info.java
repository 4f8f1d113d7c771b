/** The three PWM controllers (four channels each, on GPIO0-11) at register level, and what each channel outputs. */
package io.sphaera.peripherals.pwm;
