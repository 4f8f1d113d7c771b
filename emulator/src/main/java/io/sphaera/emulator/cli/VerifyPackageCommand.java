package io.sphaera.emulator.cli;

import io.sphaera.firmware.image.ImageVerificationException;
import io.sphaera.firmware.image.PackageVerifier;
import io.sphaera.firmware.image.VerifiedPackage;
import io.sphaera.firmware.signing.KeyId;
import io.sphaera.firmware.signing.VerificationKey;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `sphaera image-package verify`: structure, contents and signature against the keys given. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a package's structure and contents, and that one of the trusted keys signed it.",
                "Exits 3 when the package is malformed and 4 when its signature cannot be trusted."})
final class VerifyPackageCommand implements Runnable {
    private final CliContext context;

    @Parameters(paramLabel = "PACKAGE", description = "The image package file.")
    Path file;

    @Option(names = "--trusted-key", required = true, paramLabel = "KEY",
            description = "A public key, private key or certificate (PEM) whose signatures are trusted; repeat for more.")
    List<Path> trustedKeys;

    VerifyPackageCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        Map<KeyId, VerificationKey> trusted = new LinkedHashMap<>();
        for (Path k : trustedKeys) {
            VerificationKey key = KeyFiles.verificationKey(k);
            trusted.put(key.id(), key);
        }
        InspectedPackage p = InspectedPackage.read(file);
        VerifiedPackage verified;
        try {
            verified = new PackageVerifier(id -> Optional.ofNullable(trusted.get(id))).verify(p.image());
        } catch (ImageVerificationException e) {
            throw new CliFailure(ExitCode.VERIFICATION_FAILED, file + ": verification failed: " + e.getMessage(), e);
        }
        context.out().println("Verified " + file);
        context.out().println("  Image type:   " + p.image().metadata().kind().platformName());
        context.out().println("  Component ID: " + p.image().metadata().componentId());
        context.out().println("  Image ID:     " + p.image().metadata().imageId());
        context.out().println("  Signed by:    " + verified.signer().id());
        context.out().println("  SHA-256:      " + HexFormat.of().formatHex(verified.signedDigest()));
    }
}
