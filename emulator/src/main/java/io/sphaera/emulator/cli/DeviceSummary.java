package io.sphaera.emulator.cli;

import io.sphaera.emulator.device.DeviceFolder;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.image.PackageSource;
import io.sphaera.pluton.Pluton;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.capability.DeviceCapability;
import io.sphaera.pluton.fuse.ManufacturingState;
import io.sphaera.pluton.identity.DeviceId;
import java.util.Set;
import java.util.stream.Collectors;

/** The few facts a device listing shows, read from the device's flash without booting it. */
record DeviceSummary(DeviceId id, ManufacturingState state, Set<DeviceCapability> capabilities, String osInForce) {
    static DeviceSummary of(DeviceFolder folder) {
        try {
            Pluton p = folder.device().pluton();
            String os = folder.device().flash().systemSlot(BootStage.OS, p.bootSelection().slotOf(BootStage.OS)).source()
                    .map(DeviceSummary::version).orElse("none");
            return new DeviceSummary(folder.id(), p.manufacturingState(), p.capabilities(), os);
        } catch (PlutonException e) {
            throw CliFailure.invalidInput(folder.directory() + ": " + e.getMessage(), e);
        }
    }

    private static String version(PackageSource image) {
        try {
            return ImagePackage.parse(image).metadata().version().text();
        } catch (ImagePackageFormatException e) {
            return "damaged";
        }
    }

    String capabilityList() {
        return capabilities.isEmpty() ? "-" : capabilities.stream().map(DeviceCapability::cliName).sorted().collect(Collectors.joining(","));
    }
}
