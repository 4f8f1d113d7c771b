package io.sphaera.service.store;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What a device reports after acting on an update manifest: which manifest (its version, and the deployment it
 * named, if any), how it went, a line of detail, and the images it holds afterwards. The device's own word; the
 * service keeps it to show its tenant.
 */
public record UpdateReport(long manifestVersion, Optional<UUID> deployment, UpdateOutcome outcome, String detail,
                           List<InstalledImage> installedImages) {
    public static final int MAX_DETAIL_LENGTH = 1024;
    /** As many as a manifest names (firmware-model's {@code UpdateManifest.MAX_IMAGES}). */
    public static final int MAX_INSTALLED_IMAGES = io.sphaera.firmware.update.UpdateManifest.MAX_IMAGES;

    public UpdateReport {
        if (manifestVersion < 1) {
            throw new InvalidInputException("manifestVersion", "a manifest's version is 1 or more, not " + manifestVersion);
        }
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(outcome, "outcome");
        if (detail == null || detail.length() > MAX_DETAIL_LENGTH) {
            throw new InvalidInputException("detail", "a detail of at most " + MAX_DETAIL_LENGTH + " characters");
        }
        installedImages = List.copyOf(installedImages);
        if (installedImages.size() > MAX_INSTALLED_IMAGES) {
            throw new InvalidInputException("installedImages", "at most " + MAX_INSTALLED_IMAGES + " images");
        }
        if (new HashSet<>(installedImages.stream().map(InstalledImage::imageId).toList()).size() != installedImages.size()) {
            throw new InvalidInputException("installedImages", "an image is listed more than once");
        }
    }
}
