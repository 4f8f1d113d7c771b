package io.sphaera.firmware.image;

import io.sphaera.firmware.manifest.AppManifest;
import io.sphaera.firmware.manifest.AppManifestParser;
import io.sphaera.firmware.manifest.HardwareDefinitions;
import io.sphaera.firmware.manifest.ManifestException;

/**
 * An application image: a package of kind Applications whose app_manifest.json is valid with raw values only, whose
 * ComponentId is the package's, and whose EntryPoint names an executable file in the package.
 */
public record ApplicationPackage(ImagePackage image, AppManifest manifest) {
    /** All app images on an MT3620 share 1 MiB of flash, so no one app package can be larger. */
    public static final int MAX_BYTES = 1024 * 1024;

    public static ApplicationPackage of(ImagePackage image) throws ImagePackageFormatException {
        if (image.metadata().kind() != ImageKind.APPLICATIONS) {
            throw new ImagePackageFormatException("not an application image: its kind is " + image.metadata().kind().platformName());
        }
        if (image.size() > MAX_BYTES) {
            throw new ImagePackageFormatException("the application image has " + image.size()
                    + " bytes, more than the " + MAX_BYTES + " bytes of app flash");
        }
        PackageFile manifestFile = image.file(AppManifestParser.FILE).orElseThrow(
                () -> new ImagePackageFormatException("the application image has no " + AppManifestParser.FILE));
        AppManifest manifest;
        try {
            manifest = new AppManifestParser(HardwareDefinitions.none()).parse(image.read(manifestFile));
        } catch (ManifestException e) {
            throw new ImagePackageFormatException("the packed " + e.getMessage());
        }
        if (!manifest.componentId().equals(image.metadata().componentId())) {
            throw new ImagePackageFormatException("the manifest's ComponentId " + manifest.componentId()
                    + " differs from the package's component ID " + image.metadata().componentId());
        }
        PackageFile executable = image.file(manifest.executablePath()).orElseThrow(() -> new ImagePackageFormatException(
                "the EntryPoint " + manifest.entryPoint() + " is not a file in the package"));
        if (!executable.executable()) {
            throw new ImagePackageFormatException("the EntryPoint " + manifest.entryPoint() + " is not marked executable");
        }
        return new ApplicationPackage(image, manifest);
    }
}
