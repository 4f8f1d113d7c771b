/**
 * An I/O core's watchdog: a timeout in 1/32 s units that either interrupts the core or has it reset, counted in the
 * device's virtual time.
 */
package io.sphaera.peripherals.watchdog;
