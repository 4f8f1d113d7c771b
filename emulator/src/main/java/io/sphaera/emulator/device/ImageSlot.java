package io.sphaera.emulator.device;

import io.sphaera.peripherals.flash.FlashPartition;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.firmware.image.PackageSource;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A flash partition holding at most one image package: an 8-byte header (magic "SPSL", u32 length) then the
 * package. An erased or torn header reads as an empty slot; a torn package reads back as whatever was written, and
 * secure boot refuses it.
 */
public final class ImageSlot {
    private static final int MAGIC = 0x5350534C;
    private static final int HEADER = 8;

    private final FlashPartition partition;

    ImageSlot(FlashPartition partition) {
        this.partition = partition;
    }

    public String name() {
        return partition.name();
    }

    public long capacity() {
        return partition.size() - HEADER;
    }

    public Optional<byte[]> read() {
        return source().map(s -> s.read(0, s.size()));
    }

    /** The image where it lies in flash: parsing reads its structure, verifying hashes it from the pages. */
    public Optional<PackageSource> source() {
        ByteBuffer header = ByteBuffer.wrap(partition.read(0, HEADER));
        if (header.getInt() != MAGIC) {
            return Optional.empty();
        }
        long length = header.getInt() & 0xFFFFFFFFL;
        if (length == 0 || length > capacity()) {
            return Optional.empty();
        }
        return Optional.of(new PartitionSource(partition, HEADER, (int) length));
    }

    /** Erases what the slot held and writes the image: the erase and the program are separate flash writes. */
    public void write(byte[] image) {
        if (image.length > capacity()) {
            throw new IllegalArgumentException("an image of " + image.length + " bytes does not fit slot " + name()
                    + " (" + capacity() + " bytes)");
        }
        clear();
        byte[] out = ByteBuffer.allocate(HEADER + image.length).putInt(MAGIC).putInt(image.length).put(image).array();
        partition.program(0, out, 0, out.length);
    }

    /** Erases only the sectors in use, so clearing a big, mostly empty slot costs little. */
    public void clear() {
        ByteBuffer header = ByteBuffer.wrap(partition.read(0, HEADER));
        long used = header.getInt() == MAGIC ? Math.min(partition.size(), HEADER + (header.getInt() & 0xFFFFFFFFL)) : partition.size();
        long sectors = (used + NorFlash.SECTOR_SIZE - 1) / NorFlash.SECTOR_SIZE;
        partition.erase(0, sectors * NorFlash.SECTOR_SIZE);
    }

    public boolean isEmpty() {
        return source().isEmpty();
    }
}
