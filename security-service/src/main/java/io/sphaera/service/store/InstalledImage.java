package io.sphaera.service.store;

import io.sphaera.firmware.image.ImageVersion;
import java.util.Objects;
import java.util.UUID;

/** An image a device says it holds, in its update report. */
public record InstalledImage(UUID imageId, UUID componentId, String version) {
    public InstalledImage {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(componentId, "componentId");
        if (version == null || !ImageVersion.isValid(version)) {
            throw new InvalidInputException("version", "an image version is one to four dot-separated numbers, e.g. 1.0.0");
        }
    }
}
