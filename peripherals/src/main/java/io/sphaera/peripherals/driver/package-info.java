/**
 * Drivers that do what a driver on the chip does: the register sequences of MediaTek's M4 BSP, through the bus as
 * one core, so the firewall and the ISU role rules apply. The OS model's applibs and tests call them. A firewall
 * refusal or a role conflict surfaces as the bus's {@link io.sphaera.peripherals.bus.BusFault}; a failed transfer
 * as a {@link io.sphaera.peripherals.driver.DriverResult.Failure}.
 */
package io.sphaera.peripherals.driver;
