/**
 * An ISU's UART at register level (16550-like, with MediaTek's high-speed baud registers), the line settings a board
 * can read off it, and the board's side of the serial line.
 */
package io.sphaera.peripherals.uart;
