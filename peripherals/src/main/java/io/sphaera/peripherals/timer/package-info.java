/**
 * An I/O core's general-purpose timers (GPT0-GPT4), counted from the device's clock and firing on its executor, so
 * that they run in virtual time.
 */
package io.sphaera.peripherals.timer;
