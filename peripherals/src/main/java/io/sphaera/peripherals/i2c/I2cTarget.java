package io.sphaera.peripherals.i2c;

/**
 * A device on an I2C bus, answering one 7-bit address. Every call is one packet of a transfer the master runs; a
 * write-then-read is a {@link #write} and a {@link #read} with a repeated start between them. A target acknowledges
 * every byte. Called on the device's executor.
 */
public interface I2cTarget {
    /** The 7-bit address the target answers, 0x08 to 0x77. */
    int address();

    /** The master wrote {@code data} to this target. */
    void write(byte[] data);

    /** The master reads {@code count} bytes from this target; the answer has exactly that many. */
    byte[] read(int count);
}
