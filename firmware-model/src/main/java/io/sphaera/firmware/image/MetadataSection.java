package io.sphaera.firmware.image;

import java.nio.charset.StandardCharsets;

/**
 * The metadata section IDs: two ASCII letters read as a little-endian u16, as the platform writes them ("ID" is
 * 0x4449). "XV" is Sphaera's own, for the release and security versions that anti-rollback uses.
 */
final class MetadataSection {
    static final int IDENTITY = id("ID");
    static final int SIGNATURE = id("SG");
    static final int BUILD = id("DB");
    static final int TEMPORARY = id("TP");
    static final int ABI_DEPENDS = id("ND");
    static final int ABI_PROVIDES = id("NP");
    static final int VERSION = id("XV");

    static final int IDENTITY_LENGTH = 4 + 2 * MixedEndianGuid.LENGTH;
    static final int SIGNATURE_LENGTH = 20 + 4;
    static final int NAME_FIELD = 32;
    static final int BUILD_LENGTH = 8 + NAME_FIELD;
    static final int TEMPORARY_LENGTH = 4;
    static final int VERSION_FIELD = 32;
    static final int VERSION_LENGTH = 4 + VERSION_FIELD;
    static final int MAX_ABI_ENTRIES = 16;

    /** Signature type 1: ECDSA over P-256 with SHA-256. */
    static final int ECDSA_P256 = 1;

    private MetadataSection() {
    }

    private static int id(String letters) {
        byte[] b = letters.getBytes(StandardCharsets.US_ASCII);
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8;
    }

    /** "ID" for 0x4449, or the hex value when it is not two printable letters. */
    static String name(int id) {
        char a = (char) (id & 0xFF);
        char b = (char) (id >>> 8);
        if (Character.isLetter(a) && Character.isLetter(b) && a < 128 && b < 128) {
            return "" + a + b;
        }
        return String.format("0x%04X", id);
    }
}
