package io.sphaera.peripherals.uart;

import java.util.OptionalInt;

/**
 * The board's end of a UART: what the chip's TX pin is wired to, and where its RX pin gets bytes from. Called on the
 * device's executor.
 */
public interface SerialLine {
    /** The chip sent {@code data} (already cut to the frame's data bits) with the given line settings. */
    void transmitted(int data, UartLineSettings settings);

    /**
     * The next byte the board has for the chip, if any. The UART asks only while its RX FIFO has room, so a
     * source that waits to be asked never overruns it.
     */
    default OptionalInt nextForChip() {
        return OptionalInt.empty();
    }
}
