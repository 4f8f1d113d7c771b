package io.sphaera.emulator.device;

import io.sphaera.firmware.image.PackageSource;
import io.sphaera.peripherals.flash.FlashPartition;
import java.security.MessageDigest;
import java.util.Objects;

/** An image where it lies in a flash partition: parsing reads its structure, verifying hashes it from the pages. */
public final class PartitionSource implements PackageSource {
    private final FlashPartition partition;
    private final long offset;
    private final int size;

    public PartitionSource(FlashPartition partition, long offset, int size) {
        this.partition = partition;
        this.offset = offset;
        this.size = size;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void read(int at, byte[] dst, int dstOffset, int n) {
        Objects.checkFromIndexSize(at, n, size);
        partition.read(offset + at, dst, dstOffset, n);
    }

    @Override
    public void digest(MessageDigest digest, int at, int n) {
        Objects.checkFromIndexSize(at, n, size);
        partition.digest(digest, offset + at, n);
    }
}
