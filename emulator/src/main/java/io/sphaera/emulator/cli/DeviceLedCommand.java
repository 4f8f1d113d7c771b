package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sphaera.emulator.console.ControlClient;
import io.sphaera.emulator.console.ControlEndpoint;
import io.sphaera.emulator.console.ControlException;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `sphaera device led show`: the board's LEDs of a running device, lit or not, and how bright under PWM. */
@Command(name = "led", mixinStandardHelpOptions = true, description = "Show the LEDs of a running device's board (`sphaera device run`).")
final class DeviceLedCommand {
    private final CliContext context;

    DeviceLedCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Each LED on the board: its GPIO, on or off, and its brightness.")
    void show(@Mixin WorkspaceOption workspace, @Option(names = {"-d", "--device"}, paramLabel = "ID") String device) {
        JsonNode leds;
        try {
            leds = ControlClient.ask(DeviceAccess.folderOf(workspace.open(), device), "leds", ControlEndpoint.JSON_FACTORY.objectNode());
        } catch (ControlException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
        context.out().printf("%-22s %-5s %-4s %s%n", "LED", "GPIO", "", "brightness");
        for (JsonNode led : leds) {
            context.out().printf(Locale.ROOT, "%-22s %-5d %-4s %.0f%%%n", led.path("led").asText(), led.path("gpio").asInt(),
                    led.path("on").asBoolean() ? "on" : "off", 100 * led.path("brightness").asDouble());
        }
    }
}
