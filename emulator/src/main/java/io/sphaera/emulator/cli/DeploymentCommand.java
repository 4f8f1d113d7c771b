package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.sphaera.emulator.network.ServiceConnection;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `sphaera device-group deployment`: immutable lists of images for a device group; the newest is in force. */
@Command(name = "deployment", mixinStandardHelpOptions = true, description = "Create and list a device group's deployments.")
final class DeploymentCommand {
    static final List<Column> COLUMNS = List.of(Column.field("ID", "Id"), Column.field("DEVICE GROUP", "DeviceGroupId"),
            Column.field("CREATED", "Created"), Column.field("IMAGES", "ImageIds"));

    private final CliContext context;

    DeploymentCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Deploy images to a device group: the group's devices take exactly these images.")
    void create(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
                @Option(names = {"-g", "--device-group"}, required = true, paramLabel = "GROUP",
                        description = "The group's ID, or PRODUCT/GROUP.") String group,
                @Option(names = {"-i", "--images"}, required = true, split = ",", paramLabel = "ID", description = "Image IDs.") List<String> images) {
        output.check();
        CliSession session = CliSession.load(workspace.path());
        JsonNode created = AdminConnection.forTenant(session, c -> {
            TenantApi api = new TenantApi(c, session);
            String groupId = api.deviceGroup(group).path("Id").asText();
            ObjectNode body = ServiceConnection.json().createObjectNode();
            ArrayNode ids = body.putArray("ImageIds");
            images.forEach(ids::add);
            return api.send(HttpMethod.POST, "/devicegroups/" + groupId + "/deployments", body, "deploy to device group " + group);
        });
        output.printOne(context.out(), COLUMNS, created);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a device group's deployments, newest first.")
    void list(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
              @Option(names = {"-g", "--device-group"}, required = true, paramLabel = "GROUP",
                      description = "The group's ID, or PRODUCT/GROUP.") String group) {
        output.check();
        CliSession session = CliSession.load(workspace.path());
        List<JsonNode> deployments = AdminConnection.forTenant(session, c -> {
            TenantApi api = new TenantApi(c, session);
            String groupId = api.deviceGroup(group).path("Id").asText();
            return api.list("/devicegroups/" + groupId + "/deployments", "list the deployments of " + group);
        });
        output.printList(context.out(), COLUMNS, deployments, "deployment");
    }
}
