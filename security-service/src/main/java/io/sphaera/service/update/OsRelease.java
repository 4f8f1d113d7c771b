package io.sphaera.service.update;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImageMetadata;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.image.ImageVersion;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.update.TargetImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One OS release the vendor published: its system images in boot order (Pluton runtime, security monitor, OS), as
 * signed by the vendor, the OS image's version, and when it was published — the build time in the OS image's
 * metadata (the service serves what the vendor built; it does not learn of releases any other way).
 */
public final class OsRelease {
    /** The stages a release updates, in the order they boot. */
    public static final List<ImageKind> BOOT_ORDER = List.of(ImageKind.PLUTON_RUNTIME, ImageKind.SECURITY_MONITOR,
            ImageKind.NORMAL_WORLD_KERNEL);

    /** One system image: what a manifest says of it, and the bytes the service serves for it. */
    public record SystemImage(TargetImage target, byte[] bytes) {
        public SystemImage {
            bytes = bytes.clone();
        }

        /** Up to {@code length} bytes from {@code offset}; fewer at the end. */
        public byte[] read(long offset, int length) {
            int from = (int) Math.min(offset, bytes.length);
            return Arrays.copyOfRange(bytes, from, (int) Math.min((long) from + length, bytes.length));
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }
    }

    private final String name;
    private final ImageVersion version;
    private final Instant published;
    private final List<SystemImage> images;

    private OsRelease(String name, ImageVersion version, Instant published, List<SystemImage> images) {
        this.name = name;
        this.version = version;
        this.published = published;
        this.images = List.copyOf(images);
    }

    /**
     * A release from its system images, in any order.
     *
     * @throws ImagePackageFormatException if an image is not a package, is of another kind, or a kind is missing or
     *                                     given twice
     */
    public static OsRelease of(String name, List<byte[]> systemImages) throws ImagePackageFormatException {
        Map<ImageKind, SystemImage> byKind = new EnumMap<>(ImageKind.class);
        ImageMetadata os = null;
        for (byte[] bytes : systemImages) {
            ImageMetadata m = ImagePackage.parse(bytes.clone()).metadata();
            if (!BOOT_ORDER.contains(m.kind())) {
                throw new ImagePackageFormatException("release " + name + ": a release holds PlutonRuntime, SecurityMonitor and "
                        + "NormalWorldKernel images, not " + m.kind().platformName());
            }
            TargetImage target = new TargetImage(m.imageId(), m.componentId(), m.kind().platformName(), m.version().text(),
                    bytes.length, Sha256.of(bytes));
            if (byKind.put(m.kind(), new SystemImage(target, bytes)) != null) {
                throw new ImagePackageFormatException("release " + name + " has two " + m.kind().platformName() + " images");
            }
            if (m.kind() == ImageKind.NORMAL_WORLD_KERNEL) {
                os = m;
            }
        }
        if (byKind.size() != BOOT_ORDER.size()) {
            throw new ImagePackageFormatException("release " + name + " needs its Pluton runtime, security monitor and OS images");
        }
        List<SystemImage> inOrder = new ArrayList<>();
        BOOT_ORDER.forEach(k -> inOrder.add(byKind.get(k)));
        return new OsRelease(name, os.version(), os.buildTime(), inOrder);
    }

    /** The name the vendor gave it ("25.02"). */
    public String name() {
        return name;
    }

    /** The OS image's version, which orders releases. */
    public ImageVersion version() {
        return version;
    }

    public Instant published() {
        return published;
    }

    public List<SystemImage> images() {
        return images;
    }

    /** What the manifest's OS phase names: each image, in boot order. */
    public List<TargetImage> targets() {
        return images.stream().map(SystemImage::target).toList();
    }

    @Override
    public String toString() {
        return "OS release " + name + " (" + version + ", published " + published + ")";
    }
}
