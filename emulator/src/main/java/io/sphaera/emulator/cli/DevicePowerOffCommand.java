package io.sphaera.emulator.cli;

import io.sphaera.emulator.console.ControlClient;
import io.sphaera.emulator.console.ControlEndpoint;
import io.sphaera.emulator.console.ControlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `sphaera device power-off`: ends a `device run`, as pulling the plug would, but cleanly (the flash is closed). */
@Command(name = "power-off", mixinStandardHelpOptions = true, description = "Power off a device that `sphaera device run` is running; the run ends.")
final class DevicePowerOffCommand implements Runnable {
    private final CliContext context;

    @Mixin
    WorkspaceOption workspace;

    @Option(names = {"-d", "--device"}, paramLabel = "ID", description = "Device ID or prefix (default: the only device).")
    String device;

    DevicePowerOffCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        try {
            ControlClient.ask(DeviceAccess.folderOf(workspace.open(), device), "power-off", ControlEndpoint.JSON_FACTORY.objectNode());
        } catch (ControlException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
        context.out().println("Powering off");
    }
}
