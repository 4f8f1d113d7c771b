/**
 * The MT3620's peripheral map as data: the cores that reach peripherals, the blocks the hardware firewall assigns
 * (with their GPIO numbers and, where known, their register windows in the I/O cores' view), and the register blocks
 * private to each I/O core. Addresses are the M4 view; docs/peripherals.md says where they come from.
 */
package io.sphaera.peripherals.mt3620;
