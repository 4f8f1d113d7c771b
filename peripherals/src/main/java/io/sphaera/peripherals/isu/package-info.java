/**
 * An ISU (serial interface unit) as one register window: its global control, and the UART, I2C master and SPI
 * master that share its pins, of which one at a time may be used.
 */
package io.sphaera.peripherals.isu;
