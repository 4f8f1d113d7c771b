package io.sphaera.emulator.os;

/**
 * The memory an I/O core shares with the A7 for inter-core messages, by physical address, as the A7 reaches it. Words
 * are little-endian, as on both cores.
 */
public interface IntercoreMemory {
    byte readByte(int address);

    void writeByte(int address, byte value);

    default int readInt(int address) {
        return (readByte(address) & 0xFF) | (readByte(address + 1) & 0xFF) << 8 | (readByte(address + 2) & 0xFF) << 16
                | (readByte(address + 3) & 0xFF) << 24;
    }

    default void writeInt(int address, int value) {
        for (int i = 0; i < 4; i++) {
            writeByte(address + i, (byte) (value >>> (8 * i)));
        }
    }
}
