package io.sphaera.emulator.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root: `sphaera`, its global options and the command groups. */
@Command(name = "sphaera",
        mixinStandardHelpOptions = true,
        version = "sphaera 0.1.0",
        description = "An emulator of the MT3620 (Azure Sphere) chip and of the security service it trusts.",
        subcommands = {KeysCommand.class, ImagePackageCommand.class, VendorCommand.class, DeviceCommand.class, ServiceCommand.class,
                FleetCommand.class, LoginCommand.class, TenantCommand.class, ProductCommand.class, DeviceGroupCommand.class,
                CaCertificateCommand.class, ImageCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 internal error, 2 usage, 3 invalid input, 4 verification failed."})
public final class SphaeraCommand implements Runnable {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces with errors.")
    private boolean verbose;

    @picocli.CommandLine.Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    boolean verbose() {
        return verbose;
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
