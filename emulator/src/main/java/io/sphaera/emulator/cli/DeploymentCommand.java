package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.sphaera.emulator.network.ServiceConnection;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `sphaera device-group deployment`: immutable lists of images for a device group; the newest is in force, rolled out
 * to the group in stages (each a fraction of the group's devices) that pause by themselves when too many of the
 * devices reached fail. `show` prints a rollout stage by stage, `resume` sets a paused one going again.
 */
@Command(name = "deployment", mixinStandardHelpOptions = true,
        description = "Create and list a device group's deployments; show and resume their staged rollouts.")
final class DeploymentCommand {
    static final List<Column> COLUMNS = List.of(Column.field("ID", "Id"), Column.field("DEVICE GROUP", "DeviceGroupId"),
            Column.field("CREATED", "Created"), Column.field("STATE", "State"), Column.field("STAGES", "Stages"),
            Column.field("FAILURE THRESHOLD", "FailureThreshold"), Column.field("IMAGES", "ImageIds"));
    private static final String GROUP_HELP = "The group's ID, or PRODUCT/GROUP.";

    private final CliContext context;

    DeploymentCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Deploy images to a device group: the group's devices take exactly these images, in stages. Stage 1"
                    + " reaches the first fraction of the group; each next stage is reached once every device of the stages before"
                    + " has reported; the rollout pauses when more of the devices reached fail than the failure threshold allows.")
    void create(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
                @Option(names = {"-g", "--device-group"}, required = true, paramLabel = "GROUP", description = GROUP_HELP) String group,
                @Option(names = {"-i", "--images"}, required = true, split = ",", paramLabel = "ID", description = "Image IDs.") List<String> images,
                @Option(names = "--stages", split = ",", paramLabel = "FRACTION",
                        description = "The stages, fractions of the group rising to 1 (the whole group), e.g. 0.1,0.5,1"
                                + " (default: the service's, 0.1,0.5,1.0); 1 sends the deployment to every device at once.")
                List<String> stages,
                @Option(names = "--failure-threshold", paramLabel = "FRACTION",
                        description = "The share of the devices reached whose failures (Failed or RolledBack) the rollout"
                                + " tolerates before it pauses, from 0 to 1 (default: the service's, 0.2).") String failureThreshold) {
        output.check();
        ObjectNode body = ServiceConnection.json().createObjectNode();
        ArrayNode ids = body.putArray("ImageIds");
        images.forEach(ids::add);
        if (stages != null) {
            ArrayNode fractions = body.putArray("Stages");
            for (String s : stages) {
                fractions.add(fraction("--stages", s, false));
            }
        }
        if (failureThreshold != null) {
            body.put("FailureThreshold", fraction("--failure-threshold", failureThreshold, true));
        }
        CliSession session = CliSession.load(workspace.path());
        JsonNode created = AdminConnection.forTenant(session, c -> {
            TenantApi api = new TenantApi(c, session);
            String groupId = api.deviceGroup(group).path("Id").asText();
            return api.send(HttpMethod.POST, "/devicegroups/" + groupId + "/deployments", body, "deploy to device group " + group);
        });
        output.printOne(context.out(), COLUMNS, created);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List a device group's deployments, newest first, each with its rollout's state.")
    void list(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
              @Option(names = {"-g", "--device-group"}, required = true, paramLabel = "GROUP", description = GROUP_HELP) String group) {
        output.check();
        CliSession session = CliSession.load(workspace.path());
        List<JsonNode> deployments = AdminConnection.forTenant(session, c -> {
            TenantApi api = new TenantApi(c, session);
            String groupId = api.deviceGroup(group).path("Id").asText();
            return api.list("/devicegroups/" + groupId + "/deployments", "list the deployments of " + group);
        });
        output.printList(context.out(), COLUMNS, deployments, "deployment");
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a deployment's staged rollout: its state, failure threshold and why it paused, if it did, and"
                    + " each stage's devices, how many installed and failed, and its state.")
    void show(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
              @Option(names = {"-g", "--device-group"}, required = true, paramLabel = "GROUP", description = GROUP_HELP) String group,
              @Option(names = "--deployment-id", paramLabel = "ID",
                      description = "The deployment (default: the group's current one, its newest).") String deploymentId) {
        output.check();
        String given = deploymentId == null ? null : deploymentId(deploymentId);
        CliSession session = CliSession.load(workspace.path());
        JsonNode rollout = AdminConnection.forTenant(session, c -> {
            TenantApi api = new TenantApi(c, session);
            String groupId = api.deviceGroup(group).path("Id").asText();
            String id = given != null ? given : newest(api, groupId, group);
            return api.get("/devicegroups/" + groupId + "/deployments/" + id + "/rollout", "show the rollout of deployment " + id);
        });
        RolloutView.print(context.out(), output, rollout, resumeCommand(group, rollout));
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume a paused rollout (Contributor or Administrator): in progress again from the stage it reached,"
                    + " the failures reported so far forgiven; later failures count afresh.")
    void resume(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
                @Option(names = {"-g", "--device-group"}, required = true, paramLabel = "GROUP", description = GROUP_HELP) String group,
                @Option(names = "--deployment-id", required = true, paramLabel = "ID",
                        description = "The deployment whose rollout paused.") String deploymentId) {
        output.check();
        String id = deploymentId(deploymentId);
        CliSession session = CliSession.load(workspace.path());
        JsonNode rollout = AdminConnection.forTenant(session, c -> {
            TenantApi api = new TenantApi(c, session);
            String groupId = api.deviceGroup(group).path("Id").asText();
            return api.send(HttpMethod.POST, "/devicegroups/" + groupId + "/deployments/" + id + "/rollout/resume", null,
                    "resume the rollout of deployment " + id);
        });
        RolloutView.print(context.out(), output, rollout, resumeCommand(group, rollout));
    }

    /** The ID of the group's newest deployment: the one in force. */
    private static String newest(TenantApi api, String groupId, String group) {
        JsonNode items = api.get("/devicegroups/" + groupId + "/deployments?maxPageSize=1", "find the current deployment of " + group)
                .path("Items");
        if (!items.isArray() || items.isEmpty()) {
            throw CliFailure.invalidInput("device group " + group + " has no deployment yet (see 'sphaera device-group deployment create --help')");
        }
        return items.get(0).path("Id").asText();
    }

    /** The command that resumes this rollout, as the user named its group. */
    private static String resumeCommand(String group, JsonNode rollout) {
        return "sphaera device-group deployment resume -g \"" + group + "\" --deployment-id " + rollout.path("DeploymentId").asText();
    }

    private static String deploymentId(String given) {
        String id = given.strip().toLowerCase(Locale.ROOT);
        if (!id.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            throw CliFailure.invalidInput("--deployment-id '" + given + "' is not a deployment ID (see 'sphaera device-group deployment list')");
        }
        return id;
    }

    /**
     * A decimal fraction up to 1, exactly as written (0.7 stays 0.7, not the double nearest it). Only each number is
     * checked here; whether the stages make a plan (rising, ending at 1, how many, how fine) is the service's call.
     */
    private static BigDecimal fraction(String option, String given, boolean zero) {
        String text = given.strip();
        BigDecimal f;
        try {
            f = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw CliFailure.invalidInput(option + ": '" + text + "' is not a number (a fraction from 0 to 1, e.g. 0.25)", e);
        }
        if (f.signum() < 0 || (!zero && f.signum() == 0) || f.compareTo(BigDecimal.ONE) > 0) {
            throw CliFailure.invalidInput(option + ": " + text + " is not a fraction " + (zero ? "from 0 to 1" : "above 0 and at most 1"));
        }
        return f;
    }
}
