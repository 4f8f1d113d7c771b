package io.sphaera.pluton.storage;

/**
 * The piece of flash Pluton keeps one kind of state in, as the emulator hands it over (pluton knows nothing of the
 * flash model). NOR rules apply: erase sets whole sectors to 0xFF, program can only clear bits. A write may end in a
 * power loss, thrown as whatever unchecked exception the flash uses; Pluton never catches it, so the device stops
 * exactly where the power went.
 */
public interface FlashRegion {
    long size();

    int sectorSize();

    byte[] read(long offset, int length);

    void program(long offset, byte[] data);

    /** Offset and length are multiples of {@link #sectorSize()}. */
    void erase(long offset, long length);
}
