/**
 * What is wired to the chip's pins and ISUs on a board: a JSON description (schema in docs/peripherals.md), its
 * loader with one-line errors, and the {@link io.sphaera.peripherals.board.Board} that applies it to a chip and
 * gives the host its handles (LEDs, buttons, the sensor, the flash, ADC voltages, serial lines).
 */
package io.sphaera.peripherals.board;
