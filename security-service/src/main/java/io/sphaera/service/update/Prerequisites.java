package io.sphaera.service.update;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImageMetadata;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.update.TargetImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the manifest's prerequisites phase names for every device: of each prerequisite kind — the trusted key store,
 * the certificate store — the newest image the vendor published (highest security version, then the later build), as
 * the vendor signed it. A device installs them before any OS or app update, so that the keys they add are trusted by then.
 */
public final class Prerequisites {
    /** The kinds, in the order a device installs them. */
    public static final List<ImageKind> KINDS = List.of(ImageKind.TRUSTED_KEYSTORE, ImageKind.UPDATE_CERT_STORE);
    private static final Comparator<ImageMetadata> NEWER = Comparator.comparingLong(ImageMetadata::securityVersion)
            .thenComparing(ImageMetadata::buildTime);

    private final List<OsRelease.SystemImage> images;

    private Prerequisites(List<OsRelease.SystemImage> images) {
        this.images = List.copyOf(images);
    }

    public static Prerequisites none() {
        return new Prerequisites(List.of());
    }

    /** @throws ImagePackageFormatException if an image is not a package or not of a prerequisite kind */
    public static Prerequisites of(List<byte[]> published) throws ImagePackageFormatException {
        Map<ImageKind, ImageMetadata> newestMeta = new EnumMap<>(ImageKind.class);
        Map<ImageKind, OsRelease.SystemImage> newest = new EnumMap<>(ImageKind.class);
        for (byte[] bytes : published) {
            ImageMetadata m = ImagePackage.parse(bytes.clone()).metadata();
            if (!KINDS.contains(m.kind())) {
                throw new ImagePackageFormatException("a prerequisite is a TrustedKeystore or UpdateCertStore image, not "
                        + m.kind().platformName());
            }
            ImageMetadata before = newestMeta.get(m.kind());
            if (before == null || NEWER.compare(m, before) > 0) {
                newestMeta.put(m.kind(), m);
                newest.put(m.kind(), new OsRelease.SystemImage(new TargetImage(m.imageId(), m.componentId(), m.kind().platformName(),
                        m.version().text(), bytes.length, Sha256.of(bytes)), bytes));
            }
        }
        List<OsRelease.SystemImage> inOrder = new ArrayList<>();
        KINDS.stream().filter(newest::containsKey).forEach(k -> inOrder.add(newest.get(k)));
        return new Prerequisites(inOrder);
    }

    /** What the phase names, in install order. */
    public List<TargetImage> targets() {
        return images.stream().map(OsRelease.SystemImage::target).toList();
    }

    /** The image of this ID, to serve. */
    public Optional<OsRelease.SystemImage> image(UUID imageId) {
        return images.stream().filter(i -> i.target().imageId().equals(imageId)).findFirst();
    }
}
