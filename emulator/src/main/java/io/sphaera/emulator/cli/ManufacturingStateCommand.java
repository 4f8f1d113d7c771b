package io.sphaera.emulator.cli;

import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.fuse.ManufacturingState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `sphaera device manufacturing-state`: Blank, Module1Complete, DeviceComplete, forward only (e-fuses). */
@Command(name = "manufacturing-state", mixinStandardHelpOptions = true,
        description = "Show or advance a device's manufacturing state (it only moves forward: it lives in e-fuses).")
final class ManufacturingStateCommand {
    private final CliContext context;

    ManufacturingStateCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the manufacturing state.")
    void show(@Mixin WorkspaceOption workspace, @Option(names = {"-d", "--device"}, paramLabel = "ID", description = "Device ID or prefix.") String device) {
        try (DeviceAccess access = DeviceAccess.open(workspace.open(), device, context)) {
            context.out().println(access.folder().device().pluton().manufacturingState().platformName());
        } catch (PlutonException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Advance the manufacturing state.")
    void update(@Mixin WorkspaceOption workspace,
            @Option(names = {"-d", "--device"}, paramLabel = "ID", description = "Device ID or prefix.") String device,
            @Option(names = "--state", required = true, paramLabel = "STATE", description = "Module1Complete or DeviceComplete.") String state) {
        ManufacturingState target = ManufacturingState.fromName(state).orElseThrow(() ->
                CliFailure.invalidInput("--state '" + state + "' is not Blank, Module1Complete or DeviceComplete"));
        try (DeviceAccess access = DeviceAccess.open(workspace.open(), device, context)) {
            access.folder().device().pluton().advanceManufacturingState(target);
            context.out().println("Device " + access.folder().id().shortForm() + "... is " + target.platformName());
        } catch (PlutonException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
    }
}
