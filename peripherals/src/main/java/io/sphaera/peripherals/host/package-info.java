/**
 * Host bridges: a UART's board side on the host, so that a terminal program (screen, nc) talks to the virtual device
 * as to a real one on a USB serial adapter: a TCP socket on loopback, or a pseudo-terminal (Linux, through JNA).
 */
package io.sphaera.peripherals.host;
