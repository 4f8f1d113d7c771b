package io.sphaera.pluton.capability;

import io.sphaera.pluton.identity.DeviceId;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;

/**
 * The contents of a capability image: the one device it is for and what it grants, in the layout the platform's
 * capability file starts with (magic 0x5CFD5CFD, version, length, 64-byte device ID, capability codes).
 */
public record CapabilityGrant(DeviceId device, Set<DeviceCapability> capabilities) {
    public static final String FILE = "capabilities.bin";
    private static final int MAGIC = 0x5CFD5CFD;
    private static final int VERSION = 1;
    private static final int MAX_CODES = 64;

    public CapabilityGrant {
        capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
    }

    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(12 + 64 + capabilities.size());
        out.putInt(MAGIC).putInt(VERSION).putInt(capabilities.size()).put(device.bytes());
        capabilities.stream().sorted().forEach(c -> out.put((byte) c.code()));
        return out.array();
    }

    public static CapabilityGrant decode(byte[] bytes) throws CapabilityException {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.getInt() != MAGIC) {
                throw new CapabilityException("the capability file has the wrong magic");
            }
            int version = in.getInt();
            if (version != VERSION) {
                throw new CapabilityException("capability file version " + version + " is not supported");
            }
            int count = in.getInt();
            if (count < 0 || count > MAX_CODES || in.remaining() != 64 + count) {
                throw new CapabilityException("the capability file's length does not match its count " + count);
            }
            byte[] id = new byte[64];
            in.get(id);
            Set<DeviceCapability> granted = EnumSet.noneOf(DeviceCapability.class);
            for (int i = 0; i < count; i++) {
                int code = in.get() & 0xFF;
                granted.add(DeviceCapability.fromCode(code)
                        .orElseThrow(() -> new CapabilityException(String.format("unknown capability code 0x%02X", code))));
            }
            return new CapabilityGrant(new DeviceId(java.util.HexFormat.of().formatHex(id)), granted);
        } catch (java.nio.BufferUnderflowException e) {
            throw new CapabilityException("the capability file is truncated");
        }
    }
}
