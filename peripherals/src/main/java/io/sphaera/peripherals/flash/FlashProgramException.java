package io.sphaera.peripherals.flash;

/**
 * A program that would turn a 0 bit into a 1, which NOR flash cannot do without an erase. The flash is unchanged:
 * the whole program is refused, as MCUboot's flash simulator refuses a second write before an erase.
 */
public final class FlashProgramException extends RuntimeException {
    private final long offset;

    public FlashProgramException(long offset, int present, int requested) {
        super("cannot program 0x%02x over 0x%02x at flash offset 0x%x: a 0 bit can only become 1 by an erase"
                .formatted(requested & 0xFF, present & 0xFF, offset));
        this.offset = offset;
    }

    /** The first flash offset whose byte would need a 0 -> 1 transition. */
    public long offset() {
        return offset;
    }
}
