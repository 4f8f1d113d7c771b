package io.sphaera.peripherals.flash;

/**
 * One program or erase as the write gate sees it before it happens.
 *
 * @param kind     program or erase
 * @param offset   the first byte it touches, from the start of the flash
 * @param length   how many bytes it touches
 * @param sequence its index among the flash's writes: {@link NorFlash#writeCount()} before it, counting from 0
 */
public record FlashOperation(Kind kind, long offset, long length, long sequence) {
    public enum Kind { PROGRAM, ERASE }

    @Override
    public String toString() {
        return "%s #%d at 0x%x (+%d)".formatted(kind, sequence, offset, length);
    }
}
