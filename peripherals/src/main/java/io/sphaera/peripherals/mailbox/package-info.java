/**
 * The mailbox between the A7 and one I/O core: the core's registers at 0x21050000 and the OS model's side of it,
 * plus the inter-core setup commands the Azure Sphere OS sends through it.
 */
package io.sphaera.peripherals.mailbox;
