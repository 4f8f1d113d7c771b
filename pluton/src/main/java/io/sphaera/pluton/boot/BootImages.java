package io.sphaera.pluton.boot;

import io.sphaera.firmware.image.PackageSource;
import java.util.List;
import java.util.Optional;

/** Where the boot chain reads images from: the emulator hands Pluton its flash slots behind this. */
public interface BootImages {
    /** The image in a system stage's slot, read where it lies, or empty when the slot holds no image. */
    Optional<PackageSource> system(BootStage stage, Slot slot);

    /** The installed app images (high-level and real-time), each as it lies in its app slot. */
    List<AppImage> applications();

    /** An installed app image and the slot it lies in (for the report). */
    record AppImage(String slot, PackageSource image) {
    }
}
