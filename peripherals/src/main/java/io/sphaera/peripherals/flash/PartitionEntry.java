package io.sphaera.peripherals.flash;

import java.util.Objects;

/**
 * One row of a partition table: a named, sector-aligned region of flash. Pure data, so one layout can be written
 * down once and laid over every device's flash.
 */
public record PartitionEntry(String name, long offset, long size) {
    public PartitionEntry {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a partition needs a name");
        }
        if (offset < 0 || offset % NorFlash.SECTOR_SIZE != 0) {
            throw new IllegalArgumentException("partition '%s' starts at 0x%x, which is not a %d-byte sector boundary"
                    .formatted(name, offset, NorFlash.SECTOR_SIZE));
        }
        if (size <= 0 || size % NorFlash.SECTOR_SIZE != 0) {
            throw new IllegalArgumentException("partition '%s' has size %d, which is not a positive multiple of the "
                    .formatted(name, size) + NorFlash.SECTOR_SIZE + "-byte sector");
        }
        if (offset > Long.MAX_VALUE - size) {
            throw new IllegalArgumentException("partition '" + name + "' ends beyond any flash");
        }
    }

    /** The first offset after the partition. */
    public long end() {
        return offset + size;
    }
}
