package io.sphaera.service.update;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImageMetadata;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.update.TargetImage;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the manifest's prerequisites phase names for every device: the newest trusted key store image the vendor
 * published (highest security version, then the later build), as the vendor's root signed it. A device installs it
 * before any OS or app update, so that images signed by keys it adds are trusted by then.
 */
public final class Prerequisites {
    private final Optional<OsRelease.SystemImage> trustedKeyStore;

    private Prerequisites(Optional<OsRelease.SystemImage> trustedKeyStore) {
        this.trustedKeyStore = trustedKeyStore;
    }

    public static Prerequisites none() {
        return new Prerequisites(Optional.empty());
    }

    /** @throws ImagePackageFormatException if an image is not a package or not a trusted key store */
    public static Prerequisites of(List<byte[]> trustedKeyStores) throws ImagePackageFormatException {
        OsRelease.SystemImage newest = null;
        ImageMetadata newestMeta = null;
        Comparator<ImageMetadata> order = Comparator.comparingLong(ImageMetadata::securityVersion).thenComparing(ImageMetadata::buildTime);
        for (byte[] bytes : trustedKeyStores) {
            ImageMetadata m = ImagePackage.parse(bytes.clone()).metadata();
            if (m.kind() != ImageKind.TRUSTED_KEYSTORE) {
                throw new ImagePackageFormatException("a prerequisite is a TrustedKeystore image, not " + m.kind().platformName());
            }
            if (newestMeta == null || order.compare(m, newestMeta) > 0) {
                newestMeta = m;
                newest = new OsRelease.SystemImage(new TargetImage(m.imageId(), m.componentId(), m.kind().platformName(),
                        m.version().text(), bytes.length, Sha256.of(bytes)), bytes);
            }
        }
        return new Prerequisites(Optional.ofNullable(newest));
    }

    /** What the phase names. */
    public List<TargetImage> targets() {
        return trustedKeyStore.map(i -> List.of(i.target())).orElse(List.of());
    }

    /** The image of this ID, to serve. */
    public Optional<OsRelease.SystemImage> image(UUID imageId) {
        return trustedKeyStore.filter(i -> i.target().imageId().equals(imageId));
    }
}
