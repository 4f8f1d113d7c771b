package io.sphaera.emulator.cli;

import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.image.ImageVersion;
import io.sphaera.firmware.image.TemporaryImage;
import io.sphaera.firmware.signing.SigningKey;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Option;

/** The options every pack command shares: how to sign, where to write, which version to stamp. */
final class PackingOptions {
    @Option(names = "--signing-key", required = true, paramLabel = "KEY", description = "Private key (PEM) to sign with.")
    Path signingKey;

    @Option(names = {"-o", "--output-file"}, required = true, paramLabel = "FILE", description = "Where to write the package.")
    Path output;

    @Option(names = "--image-version", paramLabel = "VERSION", defaultValue = "1.0.0",
            description = "Release version, 1 to 4 dot-separated numbers (default: ${DEFAULT-VALUE}).")
    String version;

    @Option(names = "--security-version", paramLabel = "N", defaultValue = "0",
            description = "Anti-rollback version, 0 to 4294967295 (default: ${DEFAULT-VALUE}).")
    long securityVersion;

    @Option(names = "--temporary-image", paramLabel = "FLAG", defaultValue = "None",
            description = "Temporary-image flag: None, RemoveAtBoot or UnderDevelopment (default: ${DEFAULT-VALUE}).")
    String temporary;

    /** Checks the options and stamps them, with the clock's time and a fresh image ID, onto a builder. */
    ImagePackageBuilder stamp(ImagePackageBuilder builder, CliContext context) {
        if (!ImageVersion.isValid(version)) {
            throw CliFailure.invalidInput("--image-version '" + version + "' is not 1 to 4 dot-separated numbers, like 1.0.0");
        }
        if (securityVersion < 0 || securityVersion > 0xFFFFFFFFL) {
            throw CliFailure.invalidInput("--security-version " + securityVersion + " is outside 0..4294967295");
        }
        TemporaryImage flag = TemporaryImage.fromName(temporary).orElseThrow(() -> CliFailure.invalidInput(
                "--temporary-image '" + temporary + "' is not None, RemoveAtBoot or UnderDevelopment"));
        return builder.imageId(ImagePackageBuilder.newImageId(context.random()))
                .buildTime(context.clock().instant().truncatedTo(ChronoUnit.SECONDS))
                .version(new ImageVersion(version))
                .securityVersion(securityVersion)
                .temporary(flag);
    }

    SigningKey key() {
        return KeyFiles.signingKey(signingKey);
    }
}
