package io.sphaera.firmware.update;

import java.util.HexFormat;
import java.util.UUID;

/**
 * One image an update manifest names: which it is, and the length and SHA-256 its bytes must have, so that a device
 * downloads no more than the length (endless data) and installs nothing else (arbitrary software).
 *
 * @param kind the image kind's platform name ("Applications", "NormalWorldKernel", ...)
 */
public record TargetImage(UUID imageId, UUID componentId, String kind, String version, long length, byte[] sha256) {
    /** The largest image a manifest may name: more than any slot on the chip's 16 MiB flash. */
    public static final long MAX_LENGTH = 16L * 1024 * 1024;

    public TargetImage {
        if (length <= 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("an image's length must be 1.." + MAX_LENGTH + " bytes, not " + length);
        }
        if (sha256.length != 32) {
            throw new IllegalArgumentException("an image's SHA-256 is 32 bytes, not " + sha256.length);
        }
        sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetImage t && imageId.equals(t.imageId) && componentId.equals(t.componentId) && kind.equals(t.kind)
                && version.equals(t.version) && length == t.length && java.util.Arrays.equals(sha256, t.sha256);
    }

    @Override
    public int hashCode() {
        return imageId.hashCode() * 31 + java.util.Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
        return kind + " " + componentId + " " + version + " (" + length + " bytes, sha256 " + sha256Hex() + ")";
    }
}
