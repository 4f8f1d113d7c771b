/**
 * An I/O core's interrupt controller (the Cortex-M4 NVIC) and the interrupt numbers of the MT3620's I/O cores.
 */
package io.sphaera.peripherals.interrupt;
