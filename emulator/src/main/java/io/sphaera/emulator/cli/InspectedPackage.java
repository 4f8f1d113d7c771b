package io.sphaera.emulator.cli;

import io.sphaera.firmware.board.BoardConfig;
import io.sphaera.firmware.board.BoardConfigException;
import io.sphaera.firmware.image.ApplicationPackage;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.image.PackageFile;
import io.sphaera.firmware.manifest.AppManifest;
import java.nio.file.Path;
import java.util.Optional;

/** A package file read for show or verify: its structure parsed and, for kinds we know, its contents checked. */
record InspectedPackage(Path file, ImagePackage image, Optional<AppManifest> manifest, Optional<BoardConfig> boardConfig) {
    private static final long MAX_PACKAGE_BYTES = 32L * 1024 * 1024;

    static InspectedPackage read(Path file) {
        byte[] bytes = CliFiles.read(file, MAX_PACKAGE_BYTES, "image package");
        try {
            ImagePackage image = ImagePackage.parse(bytes);
            Optional<AppManifest> manifest = Optional.empty();
            Optional<BoardConfig> board = Optional.empty();
            if (image.metadata().kind() == ImageKind.APPLICATIONS) {
                manifest = Optional.of(ApplicationPackage.of(image).manifest());
            } else if (image.metadata().kind() == ImageKind.CUSTOMER_BOARD_CONFIG) {
                board = Optional.of(boardConfig(image));
            }
            return new InspectedPackage(file, image, manifest, board);
        } catch (ImagePackageFormatException e) {
            throw CliFailure.invalidInput(file + ": " + e.getMessage(), e);
        }
    }

    private static BoardConfig boardConfig(ImagePackage image) throws ImagePackageFormatException {
        PackageFile f = image.file(BoardConfig.FILE).orElseThrow(
                () -> new ImagePackageFormatException("the board configuration image has no " + BoardConfig.FILE));
        try {
            BoardConfig config = BoardConfig.parse(image.read(f));
            if (!config.componentId().equals(image.metadata().componentId())) {
                throw new ImagePackageFormatException("the board configuration's ComponentId differs from the package's");
            }
            return config;
        } catch (BoardConfigException e) {
            throw new ImagePackageFormatException("the packed " + e.getMessage());
        }
    }
}
