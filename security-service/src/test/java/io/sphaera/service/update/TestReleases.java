package io.sphaera.service.update;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.image.ImageVersion;
import io.sphaera.firmware.signing.SigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/** OS releases for tests: the three system images of a version, built (so published) at a given time. */
public final class TestReleases {
    private static final SigningKey VENDOR = SigningKey.generate(new SplittableRandom(77));

    private TestReleases() {
    }

    /** The component each system image updates: the same in every release. */
    public static UUID component(ImageKind kind) {
        return UUID.nameUUIDFromBytes(("component " + kind.platformName()).getBytes(StandardCharsets.UTF_8));
    }

    /** PlutonRuntime, SecurityMonitor and NormalWorldKernel images of {@code version}, in boot order. */
    public static List<byte[]> release(String version, Instant built) {
        List<byte[]> images = new ArrayList<>();
        for (ImageKind kind : OsRelease.BOOT_ORDER) {
            String name = kind.platformName() + " " + version + " " + built;
            images.add(new ImagePackageBuilder(kind, component(kind))
                    .imageId(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8))).buildTime(built)
                    .buildName(kind.platformName()).version(ImageVersion.parse(version)).securityVersion(1)
                    .addFile("payload", (name + " ").repeat(40).getBytes(StandardCharsets.UTF_8), false).sign(VENDOR));
        }
        return images;
    }
}
