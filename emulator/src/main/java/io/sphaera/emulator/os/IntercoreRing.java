package io.sphaera.emulator.os;

import java.util.Optional;
import java.util.UUID;

/**
 * One direction of the inter-core channel between the high-level app and a real-time app: a ring of message blocks
 * in shared memory, in the platform's format. Each buffer starts with a 64-byte header {writePosition, readPosition,
 * reserved[14]} and its data area follows. A block is a 32-bit size (of what follows it), the 16-byte component ID of
 * the other end (sender or recipient, as a little-endian GUID), a reserved word and the payload; blocks start
 * 16-byte aligned and wrap around the end of the data area.
 * Each side writes only its own buffer's header: the writer of this ring keeps its write position in the header of
 * the buffer the ring lives in, and the reader keeps its read position in the header of the other buffer (so an
 * RTApp stores where it has read its inbound ring in its outbound header). The same view serves both ends: the A7
 * writes and the RTApp reads the inbound ring through one, and the other way round for the outbound.
 */
public final class IntercoreRing {
    public static final int HEADER = 64;
    static final int ALIGNMENT = 16;
    /** The platform's sample limit for one message's payload. */
    public static final int MAX_PAYLOAD = 1040;
    private static final int BLOCK_OVERHEAD = 4 + 16 + 4;

    /** A message read from the ring: the other end's component ID and the payload. */
    public record Message(UUID component, byte[] payload) {
    }

    private final IntercoreMemory memory;
    private final int data;
    private final int size;
    private final int writePositionAt;
    private final int readPositionAt;

    /**
     * @param ringBuffer  the header address of the buffer the ring's data lives in (its writer's header)
     * @param bufferSize  that buffer's whole size, header included
     * @param otherBuffer the header address of the other direction's buffer (where the reader keeps its position)
     */
    public IntercoreRing(IntercoreMemory memory, int ringBuffer, int bufferSize, int otherBuffer) {
        if (bufferSize <= HEADER + ALIGNMENT || (bufferSize - HEADER) % ALIGNMENT != 0) {
            throw new IllegalArgumentException("an inter-core buffer of " + bufferSize + " bytes has no room for messages");
        }
        this.memory = memory;
        this.data = ringBuffer + HEADER;
        this.size = bufferSize - HEADER;
        this.writePositionAt = ringBuffer;
        this.readPositionAt = otherBuffer + 4;
    }

    /** Both positions to the start, as the OS leaves a ring before the apps use it. */
    public void clear() {
        memory.writeInt(writePositionAt, 0);
        memory.writeInt(readPositionAt, 0);
    }

    /**
     * Appends a message; false when the ring has no room for it now (the reader has not caught up).
     * @throws IntercoreFormatException if the positions in shared memory are not ones a ring can have (the other core
     *                                  wrote over them)
     */
    public boolean write(UUID component, byte[] payload) throws IntercoreFormatException {
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("a message carries at most " + MAX_PAYLOAD + " bytes, not " + payload.length);
        }
        int read = memory.readInt(readPositionAt);
        int write = memory.readInt(writePositionAt);
        check(write, "write");
        check(read, "read");
        int free = read <= write ? read - write + size : read - write;
        int block = BLOCK_OVERHEAD + payload.length;
        // One alignment unit stays free, so that a full ring is never mistaken for an empty one.
        if (free < block + ALIGNMENT) {
            return false;
        }
        int at = put(write, le(block - 4));
        at = put(at, ComponentIds.toBytes(component));
        at = put(at, new byte[4]);
        at = put(at, payload);
        memory.writeInt(writePositionAt, align(at));
        return true;
    }

    /** The next message, if one is there. */
    public Optional<Message> read() throws IntercoreFormatException {
        int write = memory.readInt(writePositionAt);
        int read = memory.readInt(readPositionAt);
        check(write, "write");
        check(read, "read");
        int available = write >= read ? write - read : write - read + size;
        if (available < 4) {
            return Optional.empty();
        }
        if (size - read < 4) {
            throw new IntercoreFormatException("a block's size would wrap around the ring's end at " + read);
        }
        int blockSize = memory.readInt(data + read);
        if (blockSize < BLOCK_OVERHEAD - 4 || blockSize - (BLOCK_OVERHEAD - 4) > MAX_PAYLOAD
                || blockSize > available - 4) {
            throw new IntercoreFormatException("a block claims " + Integer.toUnsignedString(blockSize) + " bytes with "
                    + (available - 4) + " available");
        }
        int at = wrap(read + 4);
        byte[] id = new byte[16];
        at = get(at, id);
        at = wrap(at + 4); // the reserved word
        byte[] payload = new byte[blockSize - (BLOCK_OVERHEAD - 4)];
        at = get(at, payload);
        memory.writeInt(readPositionAt, align(at));
        return Optional.of(new Message(ComponentIds.fromBytes(id), payload));
    }

    private void check(int position, String which) throws IntercoreFormatException {
        if (position < 0 || position >= size || position % ALIGNMENT != 0) {
            throw new IntercoreFormatException("the ring's " + which + " position " + Integer.toUnsignedString(position)
                    + " is outside its " + size + " bytes or not 16-byte aligned");
        }
    }

    private int put(int at, byte[] bytes) {
        for (byte b : bytes) {
            memory.writeByte(data + at, b);
            at = wrap(at + 1);
        }
        return at;
    }

    private int get(int at, byte[] into) {
        for (int i = 0; i < into.length; i++) {
            into[i] = memory.readByte(data + at);
            at = wrap(at + 1);
        }
        return at;
    }

    private int wrap(int position) {
        return position >= size ? position - size : position;
    }

    private int align(int position) {
        return wrap((position + ALIGNMENT - 1) & -ALIGNMENT);
    }

    private static byte[] le(int value) {
        return new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)};
    }
}
