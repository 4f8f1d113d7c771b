package io.sphaera.emulator.cli;

import io.sphaera.emulator.device.ImageSlot;
import io.sphaera.emulator.device.Mt3620Flash;
import io.sphaera.firmware.image.ApplicationPackage;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.image.PackageSource;
import io.sphaera.pluton.Pluton;
import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.capability.DeviceCapability;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `sphaera device sideload`: put an app on a development device. The package must be a valid app signed by a key
 * the device trusts for apps (the SDK test key, or a production key); it replaces the app with the same component
 * ID, or the one high-level app, or takes a free app slot. It runs from the next boot.
 */
@Command(name = "sideload", mixinStandardHelpOptions = true,
        description = "Install an app image package on a device that has the appDevelopment capability.")
final class SideloadCommand implements Runnable {
    private final CliContext context;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = {"-d", "--device"}, paramLabel = "ID", description = "Device ID or prefix (default: the only device).")
    String device;

    @Parameters(paramLabel = "IMAGEPACKAGE", description = "The app's image package.")
    Path file;

    SideloadCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        byte[] bytes = CliFiles.read(file, ApplicationPackage.MAX_BYTES, "image package");
        ApplicationPackage app;
        try {
            app = ApplicationPackage.of(ImagePackage.parse(bytes));
        } catch (ImagePackageFormatException e) {
            throw CliFailure.invalidInput(file + ": " + e.getMessage(), e);
        }
        try (DeviceAccess access = DeviceAccess.open(workspace.open(), device, context)) {
            Pluton pluton = access.folder().device().pluton();
            if (!pluton.capabilities().contains(DeviceCapability.APP_DEVELOPMENT)) {
                throw CliFailure.invalidInput("device " + access.folder().id().shortForm()
                        + "... is not a development device: apply an appDevelopment capability first");
            }
            // The boot's own policy and signature check: what is written here is what the next boot will run.
            Optional<String> refusal = pluton.applicationRefusal(app.image());
            if (refusal.isPresent()) {
                throw new CliFailure(ExitCode.VERIFICATION_FAILED, file + ": the device would not run it: " + refusal.get()
                        + " (sign apps with the workspace's vendor/sdk-test.key.pem)");
            }
            ImageSlot slot = chooseSlot(access.folder().device().flash(), app);
            if (bytes.length > slot.capacity()) {
                throw CliFailure.invalidInput(file + " has " + bytes.length + " bytes; an app slot holds " + slot.capacity());
            }
            slot.write(bytes);
            context.out().println("Sideloaded " + app.manifest().name() + " (" + app.manifest().componentId() + ") into "
                    + slot.name() + "; it runs from the next boot");
        } catch (PlutonException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
    }

    /** The same component's slot, else the one high-level app's when this is high-level, else a free one. */
    private static ImageSlot chooseSlot(Mt3620Flash flash, ApplicationPackage app) {
        ImageSlot free = null;
        ImageSlot highLevel = null;
        for (int i = 0; i < Mt3620Flash.APP_SLOTS; i++) {
            ImageSlot slot = flash.appSlot(i);
            Optional<PackageSource> held = slot.source();
            if (held.isEmpty()) {
                free = free == null ? slot : free;
                continue;
            }
            try {
                ApplicationPackage installed = ApplicationPackage.of(ImagePackage.parse(held.get()));
                if (installed.manifest().componentId().equals(app.manifest().componentId())) {
                    return slot;
                }
                if (!installed.manifest().isRealTime()) {
                    highLevel = slot;
                }
            } catch (ImagePackageFormatException e) {
                free = free == null ? slot : free;
            }
        }
        if (!app.manifest().isRealTime() && highLevel != null) {
            return highLevel;
        }
        if (free == null) {
            throw CliFailure.invalidInput("all " + Mt3620Flash.APP_SLOTS + " app slots are in use");
        }
        return free;
    }
}
