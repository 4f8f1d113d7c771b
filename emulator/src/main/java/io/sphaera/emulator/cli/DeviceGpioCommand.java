package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sphaera.emulator.console.ControlClient;
import io.sphaera.emulator.console.ControlEndpoint;
import io.sphaera.emulator.console.ControlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `sphaera device gpio show`: the GPIO levels of a running device, as the chip drives them and as the board does. */
@Command(name = "gpio", mixinStandardHelpOptions = true, description = "Show the GPIO levels of a running device (`sphaera device run`).")
final class DeviceGpioCommand {
    private final CliContext context;

    DeviceGpioCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Each GPIO that the chip or the board drives: the chip's output level and the board's.")
    void show(@Mixin WorkspaceOption workspace, @Option(names = {"-d", "--device"}, paramLabel = "ID") String device) {
        JsonNode pins;
        try {
            pins = ControlClient.ask(DeviceAccess.folderOf(workspace.open(), device), "gpio", ControlEndpoint.JSON_FACTORY.objectNode());
        } catch (ControlException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
        context.out().printf("%-6s %-8s %-8s%n", "GPIO", "chip", "board");
        for (JsonNode pin : pins) {
            context.out().printf("%-6d %-8s %-8s%n", pin.path("gpio").asInt(), pin.path("output").asText("-"),
                    pin.path("driven").asText("-"));
        }
    }
}
