/**
 * The peripheral bus: routes each core's 32-bit register reads and writes at absolute addresses through the hardware
 * firewall to the register block whose window holds them.
 */
package io.sphaera.peripherals.bus;
