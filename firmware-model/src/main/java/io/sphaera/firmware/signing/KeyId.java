package io.sphaera.firmware.signing;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A signing key's identity as image metadata carries it: the SHA-1 thumbprint (20 bytes) of the DER
 * SubjectPublicKeyInfo of the public key. The platform thumbprints the signing certificate; we have bare keys, so
 * we thumbprint what a certificate would certify.
 */
public final class KeyId {
    public static final int LENGTH = 20;

    private final byte[] thumbprint;

    private KeyId(byte[] thumbprint) {
        this.thumbprint = thumbprint;
    }

    public static KeyId of(byte[] thumbprint) {
        if (thumbprint.length != LENGTH) {
            throw new IllegalArgumentException("a key ID is " + LENGTH + " bytes, not " + thumbprint.length);
        }
        return new KeyId(thumbprint.clone());
    }

    /** Parses the 40-hex-digit form that {@link #toString()} gives. */
    public static KeyId parse(String hex) {
        if (hex.length() != LENGTH * 2 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("a key ID is 40 hex digits: " + hex);
        }
        return new KeyId(HexFormat.of().parseHex(hex));
    }

    public byte[] bytes() {
        return thumbprint.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyId other && Arrays.equals(thumbprint, other.thumbprint);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(thumbprint);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(thumbprint);
    }
}
