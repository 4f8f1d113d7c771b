package io.sphaera.firmware.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/**
 * GUIDs as the platform's metadata stores them: the Windows GUID struct, whose first three fields (Data1 u32, Data2
 * u16, Data3 u16) are little-endian and whose last eight bytes are kept in order.
 */
final class MixedEndianGuid {
    static final int LENGTH = 16;

    private MixedEndianGuid() {
    }

    static void write(UUID id, ByteBuffer out) {
        long msb = id.getMostSignificantBits();
        ByteOrder order = out.order();
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putInt((int) (msb >>> 32));
        out.putShort((short) (msb >>> 16));
        out.putShort((short) msb);
        out.order(ByteOrder.BIG_ENDIAN);
        out.putLong(id.getLeastSignificantBits());
        out.order(order);
    }

    static UUID read(ByteBuffer in) {
        ByteOrder order = in.order();
        in.order(ByteOrder.LITTLE_ENDIAN);
        long data1 = in.getInt() & 0xFFFFFFFFL;
        long data2 = in.getShort() & 0xFFFFL;
        long data3 = in.getShort() & 0xFFFFL;
        in.order(ByteOrder.BIG_ENDIAN);
        long low = in.getLong();
        in.order(order);
        return new UUID((data1 << 32) | (data2 << 16) | data3, low);
    }
}
