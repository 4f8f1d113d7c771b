/**
 * GPIO at register level, and the board's side of each pin: what the chip puts on it (an LED reads that) and what
 * the board drives onto it (a button).
 */
package io.sphaera.peripherals.gpio;
