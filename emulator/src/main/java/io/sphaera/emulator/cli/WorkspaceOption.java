package io.sphaera.emulator.cli;

import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.emulator.vendor.WorkspaceException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** `--workspace DIR`: where the vendor PKI, OS releases and devices live. */
final class WorkspaceOption {
    @Option(names = "--workspace", paramLabel = "DIR",
            description = "The workspace folder (default: $SPHAERA_WORKSPACE, else ./sphaera-workspace).")
    Path workspace;

    Path path() {
        if (workspace != null) {
            return workspace;
        }
        String env = System.getenv("SPHAERA_WORKSPACE");
        return Path.of(env != null && !env.isBlank() ? env : "sphaera-workspace");
    }

    Workspace open() {
        try {
            return Workspace.open(path());
        } catch (WorkspaceException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
    }

    /** The workspace, made with its vendor PKI and factory release if the folder holds none yet. */
    Workspace openOrCreate(CliContext context) {
        if (Workspace.exists(path())) {
            return open();
        }
        try {
            Workspace created = Workspace.create(path(), context.clock(), context.random(), Workspace.DEFAULT_OS_VERSION,
                    SystemRelease.Sizes.DEFAULT);
            context.err().println("sphaera: made a new workspace in " + path() + " (vendor PKI and OS " + created.factoryOsVersion() + ")");
            return created;
        } catch (WorkspaceException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
    }
}
