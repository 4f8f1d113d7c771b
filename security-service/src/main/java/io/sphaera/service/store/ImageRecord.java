package io.sphaera.service.store;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What the store keeps about an uploaded image package; the bytes themselves live in the blob store under
 * {@link #sha256()}.
 *
 * @param kindCode        the image kind's platform number (firmware-model's {@code ImageKind.code()})
 * @param version         the release version as text, e.g. "1.2.0"
 * @param securityVersion the anti-rollback version
 * @param sha256          the SHA-256 of the package bytes, lower-case hex
 * @param size            the package's length in bytes
 */
public record ImageRecord(
        UUID imageId,
        UUID componentId,
        int kindCode,
        String name,
        String version,
        long securityVersion,
        String sha256,
        long size) {
    public static final int MAX_NAME_LENGTH = 256;
    public static final int MAX_VERSION_LENGTH = 64;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public ImageRecord {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(componentId, "componentId");
        if (kindCode < 0 || kindCode > 0xFFFF) {
            throw new InvalidInputException("kindCode", "an image kind is a 16-bit number, not " + kindCode);
        }
        name = name == null ? "" : name;
        if (name.length() > MAX_NAME_LENGTH) {
            throw new InvalidInputException("name", "an image name has at most " + MAX_NAME_LENGTH + " characters");
        }
        version = version == null ? "" : version;
        if (version.length() > MAX_VERSION_LENGTH) {
            throw new InvalidInputException("version", "a version has at most " + MAX_VERSION_LENGTH + " characters");
        }
        if (securityVersion < 0) {
            throw new InvalidInputException("securityVersion", "a security version is not negative");
        }
        sha256 = canonicalSha256(sha256);
        if (size < 0) {
            throw new InvalidInputException("size", "a size is not negative");
        }
    }

    /**
     * A SHA-256 as the blob store names it: 64 lower-case hex digits.
     *
     * @throws InvalidInputException if it is not 64 hex digits
     */
    public static String canonicalSha256(String sha256) {
        String lower = sha256 == null ? "" : sha256.toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(lower).matches()) {
            throw new InvalidInputException("sha256", "a SHA-256 is 64 hex digits");
        }
        return lower;
    }

    /** Hex of a digest, as {@link #sha256()} holds it. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
