/**
 * RAM both the A7 and an I/O core reach, for the inter-core message buffers, and the descriptor that tells the
 * I/O core where a buffer is.
 */
package io.sphaera.peripherals.memory;
