package io.sphaera.emulator.update;

import io.sphaera.emulator.device.PartitionSource;
import io.sphaera.firmware.image.PackageSource;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.peripherals.flash.FlashPartition;
import io.sphaera.peripherals.flash.NorFlash;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The staging partition: downloaded images side by side, each from a sector boundary, so that a chunk can be erased
 * and programmed without touching its neighbours. A chunk's sectors are erased just before it is programmed, so a
 * chunk torn by a power cut is simply written again when the download resumes.
 */
final class StagingArea {
    private final FlashPartition partition;

    StagingArea(FlashPartition partition) {
        this.partition = partition;
    }

    long capacity() {
        return partition.size();
    }

    /** Where an image of {@code length} bytes goes after one that ends at {@code end}; -1 if it does not fit. */
    long place(long end, long length) {
        long at = roundUp(end);
        return at + length <= partition.size() ? at : -1;
    }

    /** Writes a downloaded chunk at {@code at} bytes into the image, which starts at a sector boundary. */
    void write(StagedImage image, long at, byte[] chunk) {
        if (at % NorFlash.SECTOR_SIZE != 0 || at + chunk.length > image.length()) {
            throw new IllegalArgumentException("a chunk at " + at + " of " + chunk.length + " bytes does not fit " + image);
        }
        partition.erase(image.offset() + at, roundUp(chunk.length));
        partition.program(image.offset() + at, chunk, 0, chunk.length);
    }

    /** Whether staging holds exactly the bytes the manifest named (its length and SHA-256). */
    boolean verified(StagedImage image) {
        MessageDigest digest = Sha256.newDigest();
        partition.digest(digest, image.offset(), image.length());
        return Arrays.equals(digest.digest(), image.sha256Bytes());
    }

    byte[] read(StagedImage image) {
        return partition.read(image.offset(), Math.toIntExact(image.length()));
    }

    PackageSource source(StagedImage image) {
        return new PartitionSource(partition, image.offset(), Math.toIntExact(image.length()));
    }

    private static long roundUp(long n) {
        return (n + NorFlash.SECTOR_SIZE - 1) / NorFlash.SECTOR_SIZE * NorFlash.SECTOR_SIZE;
    }
}
