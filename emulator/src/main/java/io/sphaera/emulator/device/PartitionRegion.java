package io.sphaera.emulator.device;

import io.sphaera.peripherals.flash.FlashPartition;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.storage.FlashRegion;

/** Hands Pluton a flash partition behind its own small interface, so pluton and peripherals never meet. */
final class PartitionRegion implements FlashRegion {
    private final FlashPartition partition;

    PartitionRegion(FlashPartition partition) {
        this.partition = partition;
    }

    @Override
    public long size() {
        return partition.size();
    }

    @Override
    public int sectorSize() {
        return NorFlash.SECTOR_SIZE;
    }

    @Override
    public byte[] read(long offset, int length) {
        return partition.read(offset, length);
    }

    @Override
    public void program(long offset, byte[] data) {
        partition.program(offset, data, 0, data.length);
    }

    @Override
    public void erase(long offset, long length) {
        partition.erase(offset, length);
    }
}
