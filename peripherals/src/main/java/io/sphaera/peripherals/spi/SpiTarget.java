package io.sphaera.peripherals.spi;

/**
 * A device on one chip select of an SPI bus, seen byte by byte as it samples the wire MSB first: it is selected,
 * exchanges bytes full-duplex (one in on MOSI for one out on MISO), and is deselected. Called on the device's
 * executor.
 */
public interface SpiTarget {
    /** Whether the device works in SPI mode {@code mode} (0-3: CPOL * 2 + CPHA); 25-series parts take 0 and 3. */
    default boolean supportsMode(int mode) {
        return mode == 0 || mode == 3;
    }

    /** Chip select went active. */
    void select();

    /** One byte in on MOSI; the answer is the byte the device puts on MISO at the same time (0-255). */
    int exchange(int mosi);

    /** Chip select went inactive; a command the device latched takes effect now. */
    void deselect();
}
