package io.sphaera.emulator.os;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * Component IDs as the platform's C structs hold them: a GUID whose first three fields are little-endian and whose
 * last eight bytes are in order.
 */
final class ComponentIds {
    private ComponentIds() {
    }

    static byte[] toBytes(UUID id) {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        long high = id.getMostSignificantBits();
        b.putInt((int) (high >>> 32)).putShort((short) (high >>> 16)).putShort((short) high);
        b.order(ByteOrder.BIG_ENDIAN).putLong(id.getLeastSignificantBits());
        return b.array();
    }

    static UUID fromBytes(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long data1 = b.getInt() & 0xFFFFFFFFL;
        long data2 = b.getShort() & 0xFFFFL;
        long data3 = b.getShort() & 0xFFFFL;
        long low = b.order(ByteOrder.BIG_ENDIAN).getLong();
        return new UUID(data1 << 32 | data2 << 16 | data3, low);
    }
}
