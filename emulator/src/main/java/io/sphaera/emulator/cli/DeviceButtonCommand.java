package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sphaera.emulator.console.ControlClient;
import io.sphaera.emulator.console.ControlEndpoint;
import io.sphaera.emulator.console.ControlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `sphaera device button press|release NAME`: the board's buttons of a running device, pressed from the host. */
@Command(name = "button", mixinStandardHelpOptions = true, description = "Press or release a button on a running device's board.")
final class DeviceButtonCommand {
    private final CliContext context;

    DeviceButtonCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "press", mixinStandardHelpOptions = true, description = "Press a button and keep it pressed.")
    void press(@Mixin WorkspaceOption workspace, @Option(names = {"-d", "--device"}, paramLabel = "ID") String device,
               @Parameters(paramLabel = "BUTTON", description = "The button's name on the board (A or B on the RDB).") String button) {
        act(workspace, device, button, "press");
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Release a button.")
    void release(@Mixin WorkspaceOption workspace, @Option(names = {"-d", "--device"}, paramLabel = "ID") String device,
                 @Parameters(paramLabel = "BUTTON") String button) {
        act(workspace, device, button, "release");
    }

    private void act(WorkspaceOption workspace, String device, String button, String action) {
        JsonNode result;
        try {
            result = ControlClient.ask(DeviceAccess.folderOf(workspace.open(), device), "button",
                    ControlEndpoint.JSON_FACTORY.objectNode().put("button", button).put("action", action));
        } catch (ControlException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
        context.out().println("Button " + result.path("button").asText() + " (GPIO " + result.path("gpio").asInt() + "): "
                + result.path("state").asText());
    }
}
