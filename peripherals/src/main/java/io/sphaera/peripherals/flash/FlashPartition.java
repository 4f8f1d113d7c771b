package io.sphaera.peripherals.flash;

import java.util.Objects;

/**
 * A named region of a {@link NorFlash}, seen on its own: offsets count from the partition's start and no call
 * reaches outside it. Writes go to the flash, through its write gate.
 */
public final class FlashPartition {
    private final PartitionEntry entry;
    private final NorFlash flash;

    FlashPartition(PartitionEntry entry, NorFlash flash) {
        this.entry = Objects.requireNonNull(entry, "entry");
        this.flash = Objects.requireNonNull(flash, "flash");
    }

    public String name() {
        return entry.name();
    }

    /** Where the partition starts in the flash. */
    public long offset() {
        return entry.offset();
    }

    public long size() {
        return entry.size();
    }

    public NorFlash flash() {
        return flash;
    }

    public void read(long offset, byte[] dst, int dstOffset, int length) {
        flash.read(absolute(offset, length), dst, dstOffset, length);
    }

    /** Feeds bytes of the partition to a digest without copying them; see {@link NorFlash#digest}. */
    public void digest(java.security.MessageDigest digest, long offset, long length) {
        flash.digest(digest, absolute(offset, length), length);
    }

    public byte[] read(long offset, int length) {
        byte[] bytes = new byte[length];
        read(offset, bytes, 0, length);
        return bytes;
    }

    /** Programs within the partition; see {@link NorFlash#program}. */
    public void program(long offset, byte[] data, int dataOffset, int length) {
        flash.program(absolute(offset, length), data, dataOffset, length);
    }

    /** Erases sectors within the partition; see {@link NorFlash#erase}. */
    public void erase(long offset, long length) {
        flash.erase(absolute(offset, length), length);
    }

    /** Erases the whole partition. */
    public void erase() {
        erase(0, size());
    }

    private long absolute(long offset, long length) {
        NorFlash.checkRange("partition '" + name() + "'", offset, length, size());
        return entry.offset() + offset;
    }

    @Override
    public String toString() {
        return "partition '%s' at 0x%x (+%d)".formatted(name(), offset(), size());
    }
}
