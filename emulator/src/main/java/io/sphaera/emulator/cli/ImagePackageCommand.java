package io.sphaera.emulator.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `sphaera image-package`: pack, show and verify signed image packages. */
@Command(name = "image-package", mixinStandardHelpOptions = true,
        description = "Pack, inspect and verify signed image packages.",
        subcommands = {PackApplicationCommand.class, PackBoardConfigCommand.class, ShowPackageCommand.class,
                VerifyPackageCommand.class})
final class ImagePackageCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
