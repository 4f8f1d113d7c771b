package io.sphaera.emulator.cli;

import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.emulator.vendor.WorkspaceException;
import io.sphaera.firmware.image.ImageVersion;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `sphaera vendor`: the chip vendor's PKI and OS releases. */
@Command(name = "vendor", mixinStandardHelpOptions = true, description = "The chip vendor's PKI and OS releases in a workspace.")
final class VendorCommand {
    private final CliContext context;

    VendorCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Make a workspace: the vendor's root and manufacturing CAs, its signing keys, the trusted key store and the factory OS release.")
    void init(@Mixin WorkspaceOption workspace,
            @Option(names = "--os-version", defaultValue = Workspace.DEFAULT_OS_VERSION, paramLabel = "VERSION",
                    description = "The factory OS release (default: ${DEFAULT-VALUE}).") String osVersion,
            @Option(names = "--os-size-kib", defaultValue = "2048", paramLabel = "KIB",
                    description = "Size of the OS image (default: ${DEFAULT-VALUE} KiB; at most 3064).") int osKib) {
        if (Workspace.exists(workspace.path())) {
            throw CliFailure.invalidInput(workspace.path() + " already holds a workspace");
        }
        SystemRelease.Sizes sizes = sizes(osKib);
        checkVersion(osVersion);
        try {
            Workspace w = Workspace.create(workspace.path(), context.clock(), context.random(), osVersion, sizes);
            context.out().println("Workspace " + w.root());
            context.out().println("  Root CA:            " + w.vendor().directory().resolve("root.cert.pem"));
            context.out().println("  Manufacturing CA:   " + w.vendor().directory().resolve("manufacturing-ca.cert.pem"));
            context.out().println("  SDK test key:       " + w.vendor().directory().resolve("sdk-test.key.pem")
                    + " (signs sideloaded apps; trusted only with appDevelopment)");
            context.out().println("  Factory OS release: " + w.factoryOsVersion());
        } catch (WorkspaceException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
    }

    @Command(name = "os-release", mixinStandardHelpOptions = true,
            description = "Build and sign a new OS release (Pluton runtime, security monitor, OS) into the workspace.")
    void osRelease(@Mixin WorkspaceOption workspace,
            @Option(names = "--os-version", required = true, paramLabel = "VERSION", description = "e.g. 25.05") String version,
            @Option(names = "--security-version", defaultValue = "1", paramLabel = "N",
                    description = "Anti-rollback version, 1 to 64 (default: ${DEFAULT-VALUE}).") long securityVersion,
            @Option(names = "--os-size-kib", defaultValue = "2048", paramLabel = "KIB",
                    description = "Size of the OS image (default: ${DEFAULT-VALUE} KiB).") int osKib) {
        checkVersion(version);
        if (securityVersion < 1 || securityVersion > 64) {
            throw CliFailure.invalidInput("--security-version " + securityVersion + " is outside 1..64 (one e-fuse per step)");
        }
        Workspace w = workspace.open();
        if (java.nio.file.Files.exists(w.root().resolve("os").resolve(version))) {
            throw CliFailure.invalidInput("OS release " + version + " already exists in " + w.root().resolve("os").resolve(version));
        }
        try {
            SystemRelease release = SystemRelease.build(w.vendor(), version, securityVersion, sizes(osKib),
                    context.clock().instant().truncatedTo(ChronoUnit.SECONDS), context.random());
            w.addRelease(release);
            context.out().println("OS release " + version + " (security version " + securityVersion + ") in "
                    + w.root().resolve("os").resolve(version));
        } catch (WorkspaceException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
    }

    private static SystemRelease.Sizes sizes(int osKib) {
        if (osKib < 16 || osKib > 3064) {
            throw CliFailure.invalidInput("--os-size-kib " + osKib + " is outside 16..3064 (the OS slot holds 3 MiB)");
        }
        return new SystemRelease.Sizes(SystemRelease.Sizes.DEFAULT.plutonRuntime(), SystemRelease.Sizes.DEFAULT.securityMonitor(),
                osKib * 1024);
    }

    private static void checkVersion(String version) {
        if (!ImageVersion.isValid(version)) {
            throw CliFailure.invalidInput("OS version '" + version + "' is not dot-separated numbers like 25.02");
        }
    }
}
