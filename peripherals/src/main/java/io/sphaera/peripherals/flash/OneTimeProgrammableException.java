package io.sphaera.peripherals.flash;

/** An erase of a one-time-programmable range (the e-fuses): such bits, once cleared, stay cleared. */
public final class OneTimeProgrammableException extends RuntimeException {
    public OneTimeProgrammableException(long offset, long length) {
        super(String.format("erase of 0x%x (+%d) touches one-time-programmable flash", offset, length));
    }
}
