package io.sphaera.peripherals.uart;

/** The parity bit a UART frame carries, from LCR bits 5:3 (PEN, EPS, stick parity). */
public enum UartParity {
    NONE,
    ODD,
    EVEN,
    /** Stick parity: always 1. */
    MARK,
    /** Stick parity: always 0. */
    SPACE
}
