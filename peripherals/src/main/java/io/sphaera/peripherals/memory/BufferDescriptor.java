package io.sphaera.peripherals.memory;

/**
 * Where an inter-core buffer is, as the OS sends it to an I/O core in one 32-bit mailbox data word: the top 27 bits
 * are the address of the buffer's header (so it is 32-byte aligned) and the low 5 bits are log2 of the buffer's total
 * size, header included (Azure's {@code logical-intercore.c}: {@code GetBufferHeader}, {@code GetBufferSize}).
 *
 * <p>A buffer is a {@link #HEADER_SIZE}-byte header (write position, read position, 14 reserved words) followed by
 * its data area; the sample asserts that the size exceeds the header, and so does this record.
 *
 * @param headerAddress the buffer's start in the I/O core's view, 32-byte aligned
 * @param size the buffer's total size in bytes, a power of two larger than the header, at most 2^30
 */
public record BufferDescriptor(int headerAddress, int size) {
    /** {@code {u32 writePosition; u32 readPosition; u32 reserved[14];}} */
    public static final int HEADER_SIZE = 64;
    public static final int ALIGNMENT = 32;
    private static final int SIZE_BITS = 0x1F;
    private static final int LARGEST_SIZE = 1 << 30;

    public BufferDescriptor {
        if ((headerAddress & (ALIGNMENT - 1)) != 0) {
            throw new IllegalArgumentException("a buffer's header must be 32-byte aligned: 0x"
                    + Integer.toHexString(headerAddress));
        }
        if (size <= HEADER_SIZE || size > LARGEST_SIZE || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("a buffer's size must be a power of two above " + HEADER_SIZE
                    + " bytes and at most 2^30: " + size);
        }
    }

    /** Reads a descriptor word. */
    public static BufferDescriptor decode(int word) {
        int log2 = word & SIZE_BITS;
        if (log2 > 30) {
            throw new IllegalArgumentException("a buffer's size of 2^" + log2 + " bytes does not fit");
        }
        return new BufferDescriptor(word & ~SIZE_BITS, 1 << log2);
    }

    /** The descriptor word. */
    public int encode() {
        return headerAddress | Integer.numberOfTrailingZeros(size);
    }

    /** Bytes for messages: the size less the header. */
    public int dataSize() {
        return size - HEADER_SIZE;
    }

    /** Where the data area starts: just past the header. */
    public int dataAddress() {
        return headerAddress + HEADER_SIZE;
    }

    @Override
    public String toString() {
        return "BufferDescriptor[0x" + Integer.toHexString(headerAddress) + ", " + size + " bytes]";
    }
}
