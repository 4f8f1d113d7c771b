package io.sphaera.peripherals.spi;

/** Which bit of each byte goes on the wire first. */
public enum SpiBitOrder {
    MSB_FIRST,
    LSB_FIRST
}
