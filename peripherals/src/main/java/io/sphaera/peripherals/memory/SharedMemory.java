package io.sphaera.peripherals.memory;

import io.sphaera.peripherals.bus.RegisterBlock;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A RAM region that an I/O core and the A7 both reach: the I/O core through the bus as a register block (32-bit
 * little-endian words at byte offsets), the A7's OS model through {@link #readBytes} and {@link #writeBytes}. It
 * holds the inter-core buffers, whose addresses the OS hands to the I/O core as {@link BufferDescriptor}s.
 *
 * <p>Where it sits is our choice: on a device the buffers are in memory the OS shares with the high-level app, at
 * addresses it does not publish, and a real-time app only ever learns them from the descriptors. We place it at
 * {@link #INTERCORE_BASE}, the top {@link #INTERCORE_SIZE} bytes of the core's 64 KiB SYSRAM (0x22000000), where a
 * linker script's {@code .sysram} section, which grows from the bottom, is least likely to reach.
 *
 * <p>Contents reset to zero (real RAM powers up undefined; zero keeps runs reproducible). Not thread-safe: both
 * sides use it on the device's executor thread only.
 */
public final class SharedMemory implements RegisterBlock {
    /** The I/O core's SYSRAM, 64 KiB. */
    public static final int SYSRAM_BASE = 0x2200_0000;
    public static final int SYSRAM_SIZE = 64 * 1024;
    /** Where our inter-core buffers start in the I/O core's view: the top 16 KiB of SYSRAM. */
    public static final int INTERCORE_BASE = 0x2200_C000;
    public static final int INTERCORE_SIZE = 16 * 1024;

    private final int baseAddress;
    private final byte[] bytes;
    private final ByteBuffer words;

    /** @param size bytes, a positive multiple of 4 */
    public SharedMemory(int baseAddress, int size) {
        if (size <= 0 || size % 4 != 0) {
            throw new IllegalArgumentException("size must be a positive multiple of 4: " + size);
        }
        if ((baseAddress & 3) != 0) {
            throw new IllegalArgumentException("base must be word-aligned: 0x" + Integer.toHexString(baseAddress));
        }
        if (Integer.toUnsignedLong(baseAddress) + size > 1L << 32) {
            throw new IllegalArgumentException("region runs past the end of the address space");
        }
        this.baseAddress = baseAddress;
        this.bytes = new byte[size];
        this.words = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The region this model uses for the inter-core buffers: {@link #INTERCORE_SIZE} bytes at {@link #INTERCORE_BASE}. */
    public static SharedMemory intercoreBuffers() {
        return new SharedMemory(INTERCORE_BASE, INTERCORE_SIZE);
    }

    public int baseAddress() {
        return baseAddress;
    }

    public int size() {
        return bytes.length;
    }

    /** Whether {@code address} (in the I/O core's view) falls in this region. */
    public boolean contains(int address) {
        long offset = Integer.toUnsignedLong(address) - Integer.toUnsignedLong(baseAddress);
        return offset >= 0 && offset < bytes.length;
    }

    /** The offset of {@code address} in this region. */
    public int offsetOf(int address) {
        if (!contains(address)) {
            throw new IllegalArgumentException("0x" + Integer.toHexString(address) + " is outside the region");
        }
        return address - baseAddress;
    }

    @Override
    public boolean hasRegister(int offset) {
        return offset >= 0 && offset <= bytes.length - 4 && (offset & 3) == 0;
    }

    @Override
    public int read32(int offset) {
        checkWord(offset);
        return words.getInt(offset);
    }

    @Override
    public void write32(int offset, int value) {
        checkWord(offset);
        words.putInt(offset, value);
    }

    /** A copy of {@code length} bytes from {@code offset}. */
    public byte[] readBytes(int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return Arrays.copyOfRange(bytes, offset, offset + length);
    }

    /** Writes {@code data} from {@code offset}. */
    public void writeBytes(int offset, byte[] data) {
        Objects.checkFromIndexSize(offset, data.length, bytes.length);
        System.arraycopy(data, 0, bytes, offset, data.length);
    }

    @Override
    public void reset() {
        Arrays.fill(bytes, (byte) 0);
    }

    private void checkWord(int offset) {
        if (!hasRegister(offset)) {
            throw new IllegalArgumentException("no word at offset 0x" + Integer.toHexString(offset) + " of a "
                    + bytes.length + "-byte region");
        }
    }
}
