package io.sphaera.emulator.device;

import io.sphaera.firmware.image.PackageSource;
import io.sphaera.pluton.boot.BootImages;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.boot.Slot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The boot chain's view of the images in flash: the system slots and the app slots. */
final class FlashBootImages implements BootImages {
    private final Mt3620Flash flash;

    FlashBootImages(Mt3620Flash flash) {
        this.flash = flash;
    }

    @Override
    public Optional<PackageSource> system(BootStage stage, Slot slot) {
        return flash.systemSlot(stage, slot).source();
    }

    @Override
    public List<AppImage> applications() {
        List<AppImage> apps = new ArrayList<>();
        for (int i = 0; i < Mt3620Flash.APP_SLOTS; i++) {
            ImageSlot slot = flash.appSlot(i);
            slot.source().ifPresent(image -> apps.add(new AppImage(slot.name(), image)));
        }
        return apps;
    }
}
