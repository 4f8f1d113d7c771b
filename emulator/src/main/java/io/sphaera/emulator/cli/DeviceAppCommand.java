package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sphaera.emulator.console.ControlClient;
import io.sphaera.emulator.console.ControlEndpoint;
import io.sphaera.emulator.console.ControlException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `sphaera device app start|stop|show-status|show-quota`: the app of a device that `device run` is running (development devices). */
@Command(name = "app", mixinStandardHelpOptions = true,
        description = "Start, stop and show the app of a running device (`sphaera device run`); start and stop need appDevelopment.")
final class DeviceAppCommand {
    private final CliContext context;

    DeviceAppCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start the device's app again after `app stop`.")
    void start(@Mixin WorkspaceOption workspace, @Option(names = {"-d", "--device"}, paramLabel = "ID") String device) {
        show(ask(workspace, device, "app-start"));
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the device's app; it stays stopped (no restart) until `app start` or the next boot.")
    void stop(@Mixin WorkspaceOption workspace, @Option(names = {"-d", "--device"}, paramLabel = "ID") String device) {
        show(ask(workspace, device, "app-stop"));
    }

    @Command(name = "show-status", mixinStandardHelpOptions = true, description = "Show whether the device's app runs, and how it last ended.")
    void showStatus(@Mixin WorkspaceOption workspace, @Option(names = {"-d", "--device"}, paramLabel = "ID") String device) {
        show(ask(workspace, device, "app-status"));
    }

    @Command(name = "show-quota", mixinStandardHelpOptions = true,
            description = "Show how much of its mutable storage the device's app uses, of what its manifest allows.")
    void showQuota(@Mixin WorkspaceOption workspace, @Option(names = {"-d", "--device"}, paramLabel = "ID") String device) {
        JsonNode q = ask(workspace, device, "app-quota");
        long used = q.path("usedBytes").asLong();
        context.out().println(q.path("app").asText() + ": " + (used + 1023) / 1024 + " KB used of "
                + q.path("limitKiB").asInt() + " KB of mutable storage (" + used + " bytes)");
    }

    private JsonNode ask(WorkspaceOption workspace, String device, String command) {
        try {
            return ControlClient.ask(DeviceAccess.folderOf(workspace.open(), device), command,
                    ControlEndpoint.JSON_FACTORY.objectNode());
        } catch (ControlException e) {
            throw CliFailure.invalidInput(e.getMessage(), e);
        }
    }

    private void show(JsonNode status) {
        if (status.has("app")) {
            context.out().println(status.path("app").asText() + " (" + status.path("componentId").asText() + ")");
        }
        context.out().println("App state: " + status.path("state").asText());
        context.out().println("Runs ended: " + status.path("runs").asLong());
        if (status.has("lastEnd")) {
            context.out().println("Last run: " + status.path("lastEnd").asText());
        }
    }
}
