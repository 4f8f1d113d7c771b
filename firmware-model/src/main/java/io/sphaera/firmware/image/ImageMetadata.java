package io.sphaera.firmware.image;

import io.sphaera.firmware.signing.KeyId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Everything an image package's metadata sections say about it.
 *
 * @param kind            what the image is (identity section)
 * @param componentId     stays the same across every build of one component
 * @param imageId         new on every pack
 * @param signer          thumbprint of the key that signed the package (signature section)
 * @param buildTime       when it was packed, whole seconds (build section)
 * @param buildName       the first 31 characters of the name (build section)
 * @param temporary       the temporary-image flag; {@link TemporaryImage#NONE} when the section is absent
 * @param abiDepends      ABI versions the image needs; empty when the section is absent
 * @param abiProvides     ABI versions the image offers; empty when the section is absent
 * @param version         the release version (Sphaera's version section)
 * @param securityVersion the anti-rollback version compared with the device's counter (Sphaera's version section)
 */
public record ImageMetadata(
        ImageKind kind,
        UUID componentId,
        UUID imageId,
        KeyId signer,
        Instant buildTime,
        String buildName,
        TemporaryImage temporary,
        List<Integer> abiDepends,
        List<Integer> abiProvides,
        ImageVersion version,
        long securityVersion) {

    public ImageMetadata {
        abiDepends = List.copyOf(abiDepends);
        abiProvides = List.copyOf(abiProvides);
    }
}
