package io.sphaera.peripherals.uart;

/**
 * A UART's line settings as its registers set them. {@code baudRate} is what the divisor registers give from the
 * 26 MHz UART clock, which is close to but rarely exactly a nominal rate (115200 comes out as 115248); use
 * {@link #matchesBaud} to compare against a nominal rate with a UART's tolerance.
 */
public record UartLineSettings(double baudRate, int dataBits, UartParity parity, int stopBits) {
    /** Two UARTs whose rates differ by less than this fraction still frame each other's bytes correctly. */
    public static final double BAUD_TOLERANCE = 0.02;

    /** Whether this rate is within {@link #BAUD_TOLERANCE} of {@code nominal}. */
    public boolean matchesBaud(int nominal) {
        return nominal > 0 && Math.abs(baudRate - nominal) / nominal < BAUD_TOLERANCE;
    }

    /** The highest value one data word can carry: a byte sent with 7 data bits loses its top bit. */
    public int dataMask() {
        return (1 << dataBits) - 1;
    }
}
