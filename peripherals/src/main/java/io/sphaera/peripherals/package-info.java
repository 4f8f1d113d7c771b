/**
 * The MT3620's peripherals at register level, its flash, and the hardware firewall that assigns each block to one
 * core. Knows nothing of the rest of Sphaera.
 */
package io.sphaera.peripherals;
