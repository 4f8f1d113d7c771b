/**
 * The MT3620's peripheral map as data: the cores that reach peripherals, the blocks the hardware firewall assigns
 * (with their GPIO numbers, their register windows in the I/O cores' view and each GPIO's bit), and the register blocks
 * private to each I/O core. Addresses are the M4 view; docs/peripherals.md says where they come from.
 */
package io.sphaera.peripherals.mt3620;
