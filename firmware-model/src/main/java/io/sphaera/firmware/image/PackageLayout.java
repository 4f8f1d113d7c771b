package io.sphaera.firmware.image;

/** The fixed numbers of the package layout (docs/image-package.md). */
final class PackageLayout {
    /** "SPHB" as bytes: the body header's magic. */
    static final int BODY_MAGIC = 0x42485053;
    static final int BODY_HEADER = 12;
    static final int ENTRY_HEADER = 8;
    /** The platform's metadata magic. */
    static final int METADATA_MAGIC = 0x4D345834;
    static final int METADATA_HEADER = 8;
    static final int METADATA_TRAILER = 4;
    static final int SIGNATURE_LENGTH = 64;

    static final int MAX_PACKAGE_BYTES = 32 * 1024 * 1024;
    static final int MAX_FILES = 64;
    static final int MAX_PATH_BYTES = 255;
    static final int MAX_SECTIONS = 16;
    static final int ENTRY_FLAG_EXECUTABLE = 1;

    static final int MIN_PACKAGE_BYTES = BODY_HEADER + METADATA_HEADER + METADATA_TRAILER + SIGNATURE_LENGTH;

    private PackageLayout() {
    }

    static int padTo4(int n) {
        return (n + 3) & ~3;
    }
}
