package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.sphaera.emulator.network.ServiceConnection;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `sphaera device-group`: a product's device groups, each with an OS feed (Retail, or RetailEval two weeks ahead)
 * and an application update policy. A group is named by its ID or as PRODUCT/GROUP.
 */
@Command(name = "device-group", mixinStandardHelpOptions = true,
        description = "Create, list, show and update the device groups of the selected tenant's products.",
        subcommands = DeploymentCommand.class)
final class DeviceGroupCommand {
    static final List<Column> COLUMNS = List.of(Column.field("ID", "Id"), Column.field("NAME", "Name"),
            Column.field("OS FEED", "OsFeedType"), Column.field("UPDATE POLICY", "UpdatePolicy"), Column.field("PRODUCT", "ProductId"),
            Column.field("DESCRIPTION", "Description"));
    private static final List<String> FEEDS = List.of("Retail", "RetailEval");
    private static final List<String> POLICIES = List.of("UpdateAll", "No3rdPartyAppUpdates", "NoUpdates");
    private static final String GROUP_HELP = "The group's ID, or PRODUCT/GROUP by names (e.g. 'Widget/Field Test').";

    private final CliContext context;

    DeviceGroupCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a device group in a product.")
    void create(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
                @Option(names = {"-p", "--product"}, required = true, paramLabel = "PRODUCT", description = "The product's ID or name.")
                String product,
                @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME",
                        description = "Letters, digits and spaces, at most 50 characters, unique in the product.") String name,
                @Option(names = "--description", paramLabel = "TEXT", description = "What the group is for.") String description,
                @Option(names = {"-f", "--os-feed"}, paramLabel = "FEED", defaultValue = "Retail",
                        description = "Retail or RetailEval (default: ${DEFAULT-VALUE}).") String osFeed,
                @Option(names = {"-a", "--application-update"}, paramLabel = "POLICY", defaultValue = "UpdateAll",
                        description = "UpdateAll, No3rdPartyAppUpdates or NoUpdates (default: ${DEFAULT-VALUE}).") String policy) {
        output.check();
        ObjectNode body = ServiceConnection.json().createObjectNode().put("Name", name)
                .put("OsFeedType", choice("--os-feed", osFeed, FEEDS)).put("UpdatePolicy", choice("--application-update", policy, POLICIES));
        if (description != null) {
            body.put("Description", description);
        }
        CliSession session = CliSession.load(workspace.path());
        JsonNode created = AdminConnection.forTenant(session, c -> {
            TenantApi api = new TenantApi(c, session);
            String productId = api.product(product).path("Id").asText();
            return api.send(HttpMethod.POST, "/products/" + productId + "/devicegroups", body, "create device group '" + name + "'");
        });
        output.printOne(context.out(), COLUMNS, created);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a product's device groups.")
    void list(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
              @Option(names = {"-p", "--product"}, required = true, paramLabel = "PRODUCT", description = "The product's ID or name.")
              String product) {
        output.check();
        CliSession session = CliSession.load(workspace.path());
        List<JsonNode> groups = AdminConnection.forTenant(session, c -> {
            TenantApi api = new TenantApi(c, session);
            String productId = api.product(product).path("Id").asText();
            return api.list("/products/" + productId + "/devicegroups", "list the device groups of product " + product);
        });
        output.printList(context.out(), COLUMNS, groups, "device group");
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one device group.")
    void show(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
              @Option(names = {"-g", "--device-group"}, required = true, paramLabel = "GROUP", description = GROUP_HELP) String group) {
        output.check();
        CliSession session = CliSession.load(workspace.path());
        JsonNode found = AdminConnection.forTenant(session, c -> new TenantApi(c, session).deviceGroup(group));
        output.printOne(context.out(), COLUMNS, found);
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Rename a device group or change its description, OS feed or application update policy.")
    void update(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
                @Option(names = {"-g", "--device-group"}, required = true, paramLabel = "GROUP", description = GROUP_HELP) String group,
                @Option(names = "--new-name", paramLabel = "NAME", description = "Its new name.") String newName,
                @Option(names = "--new-description", paramLabel = "TEXT", description = "Its new description.") String newDescription,
                @Option(names = {"-f", "--os-feed"}, paramLabel = "FEED", description = "Retail or RetailEval.") String osFeed,
                @Option(names = {"-a", "--application-update"}, paramLabel = "POLICY",
                        description = "UpdateAll, No3rdPartyAppUpdates or NoUpdates.") String policy) {
        output.check();
        if (newName == null && newDescription == null && osFeed == null && policy == null) {
            throw new CliFailure(ExitCode.USAGE, "nothing to change: give --new-name, --new-description, --os-feed or --application-update"
                    + " (see 'sphaera device-group update --help')");
        }
        ObjectNode body = ServiceConnection.json().createObjectNode();
        if (newName != null) {
            body.put("Name", newName);
        }
        if (newDescription != null) {
            body.put("Description", newDescription);
        }
        if (osFeed != null) {
            body.put("OsFeedType", choice("--os-feed", osFeed, FEEDS));
        }
        if (policy != null) {
            body.put("UpdatePolicy", choice("--application-update", policy, POLICIES));
        }
        CliSession session = CliSession.load(workspace.path());
        JsonNode updated = AdminConnection.forTenant(session, c -> {
            TenantApi api = new TenantApi(c, session);
            String id = api.deviceGroup(group).path("Id").asText();
            return api.send(HttpMethod.PATCH, "/devicegroups/" + id, body, "update device group " + group);
        });
        output.printOne(context.out(), COLUMNS, updated);
    }

    /** One of the platform's names for a setting, in its spelling whatever the case given. */
    private static String choice(String option, String given, List<String> names) {
        return names.stream().filter(n -> n.toLowerCase(Locale.ROOT).equals(given.strip().toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> CliFailure.invalidInput(option + " '" + given + "' is not " + String.join(", ", names.subList(0, names.size() - 1))
                        + " or " + names.get(names.size() - 1)));
    }
}
