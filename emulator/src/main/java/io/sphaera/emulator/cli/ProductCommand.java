package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.sphaera.emulator.network.ServiceConnection;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `sphaera product`: the selected tenant's products, each with its device groups. */
@Command(name = "product", mixinStandardHelpOptions = true, description = "Create, list, show and update the selected tenant's products.")
final class ProductCommand {
    static final List<Column> COLUMNS = List.of(Column.field("ID", "Id"), Column.field("NAME", "Name"),
            Column.field("DESCRIPTION", "Description"), Column.field("CREATED", "Created"));

    private final CliContext context;

    ProductCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a product. It comes with five device groups (Development, Field Test, Production, Field Test OS",
                    "Evaluation and Production OS Evaluation) unless --no-default-device-groups is given."})
    void create(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
                @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME",
                        description = "Letters, digits and spaces, at most 50 characters, unique in the tenant.") String name,
                @Option(names = {"--description"}, paramLabel = "TEXT", description = "What the product is.") String description,
                @Option(names = {"-g", "--no-default-device-groups"}, description = "Make no device groups.") boolean noDefaultGroups) {
        output.check();
        CliSession session = CliSession.load(workspace.path());
        ObjectNode body = ServiceConnection.json().createObjectNode().put("Name", name).put("CreateDefaultGroups", !noDefaultGroups);
        if (description != null) {
            body.put("Description", description);
        }
        JsonNode created = AdminConnection.forTenant(session, c -> new TenantApi(c, session).send(HttpMethod.POST, "/products", body,
                "create product '" + name + "'"));
        output.printOne(context.out(), COLUMNS, created);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the selected tenant's products.")
    void list(@Mixin WorkspaceOption workspace, @Mixin OutputOption output) {
        output.check();
        CliSession session = CliSession.load(workspace.path());
        List<JsonNode> products = AdminConnection.forTenant(session, c -> new TenantApi(c, session).list("/products", "list products"));
        output.printList(context.out(), COLUMNS, products, "product");
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one product.")
    void show(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
              @Option(names = {"-p", "--product"}, required = true, paramLabel = "PRODUCT", description = "The product's ID or name.")
              String product) {
        output.check();
        CliSession session = CliSession.load(workspace.path());
        JsonNode found = AdminConnection.forTenant(session, c -> new TenantApi(c, session).product(product));
        output.printOne(context.out(), COLUMNS, found);
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Rename a product or change its description.")
    void update(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
                @Option(names = {"-p", "--product"}, required = true, paramLabel = "PRODUCT", description = "The product's ID or name.")
                String product,
                @Option(names = "--new-name", paramLabel = "NAME", description = "Its new name.") String newName,
                @Option(names = "--new-description", paramLabel = "TEXT", description = "Its new description.") String newDescription) {
        output.check();
        if (newName == null && newDescription == null) {
            throw new CliFailure(ExitCode.USAGE, "nothing to change: give --new-name or --new-description (see 'sphaera product update --help')");
        }
        CliSession session = CliSession.load(workspace.path());
        ObjectNode body = ServiceConnection.json().createObjectNode();
        if (newName != null) {
            body.put("Name", newName);
        }
        if (newDescription != null) {
            body.put("Description", newDescription);
        }
        JsonNode updated = AdminConnection.forTenant(session, c -> {
            TenantApi api = new TenantApi(c, session);
            String id = api.product(product).path("Id").asText();
            return api.send(HttpMethod.PATCH, "/products/" + id, body, "update product " + product);
        });
        output.printOne(context.out(), COLUMNS, updated);
    }
}
