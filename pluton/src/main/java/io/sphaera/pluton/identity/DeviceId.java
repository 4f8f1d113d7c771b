package io.sphaera.pluton.identity;

import io.sphaera.firmware.signing.VerificationKey;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A device's ID as the platform prints it: 128 hex digits, here the X and Y coordinates of the device's identity
 * public key, so the ID names the key that proves it.
 */
public record DeviceId(String hex) {
    private static final Pattern SHAPE = Pattern.compile("[0-9a-f]{128}");

    public DeviceId {
        hex = hex.toLowerCase(java.util.Locale.ROOT);
        if (!SHAPE.matcher(hex).matches()) {
            throw new IllegalArgumentException("a device ID is 128 hex digits");
        }
    }

    public static DeviceId of(VerificationKey identityKey) {
        return new DeviceId(HexFormat.of().formatHex(identityKey.xy()));
    }

    public static boolean isValid(String text) {
        return SHAPE.matcher(text.toLowerCase(java.util.Locale.ROOT)).matches();
    }

    public byte[] bytes() {
        return HexFormat.of().parseHex(hex);
    }

    /** The first 16 digits, for listings. */
    public String shortForm() {
        return hex.substring(0, 16);
    }

    @Override
    public String toString() {
        return hex;
    }
}
