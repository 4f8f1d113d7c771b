package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.sphaera.emulator.network.ServiceConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * `sphaera tenant`: tenants of the security service. Creating and listing them takes the service operator's token
 * (by default the one the service keeps in WORKSPACE/service/operator.token); selecting one takes a token of that
 * tenant, kept in the session.
 */
@Command(name = "tenant", mixinStandardHelpOptions = true,
        description = "Create, list and select tenants of the security service.")
final class TenantCommand {
    static final List<Column> COLUMNS = List.of(Column.field("ID", "Id"), Column.field("NAME", "Name"), Column.field("CREATED", "Created"));
    private static final long MAX_TOKEN_FILE = 4096;

    private final CliContext context;

    TenantCommand(CliContext context) {
        this.context = context;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a tenant (as the service's operator) and print its first Administrator",
                    "token, which the service shows only this once. The session then uses it in",
                    "place of the token it had, and selects the new tenant; to return to an earlier",
                    "tenant, log in with that tenant's token (sphaera login --token) and select it."})
    void create(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
                @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME",
                        description = "Letters, digits and spaces, at most 50 characters.") String name,
                @Option(names = "--operator-token", paramLabel = "TOKEN",
                        description = "The service's operator token (default: the content of WORKSPACE/service/operator.token).")
                String operatorToken) {
        output.check();
        CliSession session = CliSession.load(workspace.path());
        String operator = operatorToken(workspace.path(), operatorToken);
        session.checkWritable();
        JsonNode created = AdminConnection.during(session, c -> c.call(HttpMethod.POST, "/v2/tenants",
                ServiceConnection.json().createObjectNode().put("Name", name), operator, "create tenant '" + name + "'"));
        String token = created.path("Token").asText();
        UUID id = CliSession.tenantId(created.path("Id").asText());
        if (token.isEmpty()) {
            throw new CliFailure(ExitCode.INTERNAL, "the service created tenant " + id + " but sent no Administrator token");
        }
        session.withToken(token).withTenant(id).save();
        // Printed because the session's previous token is replaced: an earlier tenant's Administrator token, which the
        // service never shows again, was otherwise lost once a second tenant was created.
        if (!output.human()) {
            List<Column> withToken = new ArrayList<>(COLUMNS);
            withToken.add(Column.field("TOKEN", "Token"));
            output.printOne(context.out(), withToken, created);
            return;
        }
        ObjectNode shown = ((ObjectNode) created.deepCopy());
        shown.remove("Token");
        output.printOne(context.out(), COLUMNS, shown);
        context.out().println("Administrator token: " + token);
        context.out().println("The service shows this token only once: keep it. The session (" + CliSession.file(workspace.path())
                + ") now uses it in place of its previous token, with this tenant selected.");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the service's tenants (as its operator).")
    void list(@Mixin WorkspaceOption workspace, @Mixin OutputOption output,
              @Option(names = "--operator-token", paramLabel = "TOKEN",
                      description = "The service's operator token (default: the content of WORKSPACE/service/operator.token).")
              String operatorToken) {
        output.check();
        CliSession session = CliSession.load(workspace.path());
        String operator = operatorToken(workspace.path(), operatorToken);
        List<JsonNode> tenants = AdminConnection.during(session, c -> c.list("/v2/tenants", operator, "list tenants"));
        output.printList(context.out(), COLUMNS, tenants, "tenant");
    }

    @Command(name = "select", mixinStandardHelpOptions = true,
            description = "Select the tenant later commands act on; the session's token must be one of that tenant's.")
    void select(@Mixin WorkspaceOption workspace,
                @Option(names = {"-t", "--tenant"}, required = true, paramLabel = "ID", description = "The tenant's ID.") String tenant) {
        CliSession session = CliSession.load(workspace.path());
        String token = session.requireToken();
        UUID id = CliSession.tenantId(tenant);
        session.checkWritable();
        JsonNode found = AdminConnection.during(session, c -> c.call(HttpMethod.GET, "/v2/tenants/" + id, null, token, "select tenant " + id));
        session.withTenant(id).save();
        context.out().println("Selected tenant '" + found.path("Name").asText() + "' (" + id + ")");
    }

    @Command(name = "show-selected", mixinStandardHelpOptions = true, description = "Show the selected tenant and the service it is on.")
    void showSelected(@Mixin WorkspaceOption workspace, @Mixin OutputOption output) {
        output.check();
        CliSession session = CliSession.load(workspace.path());
        UUID id = session.requireTenant();
        JsonNode found = AdminConnection.during(session, c -> new TenantApi(c, session).get("", "show tenant " + id));
        ObjectNode shown = ((ObjectNode) found.deepCopy()).put("Service", session.service().toString());
        output.printOne(context.out(), List.of(COLUMNS.get(0), COLUMNS.get(1), COLUMNS.get(2), Column.field("SERVICE", "Service")), shown);
    }

    @Command(name = "download-error-report", mixinStandardHelpOptions = true,
            description = "Download the selected tenant's error-report events (app crashes, exits, failed updates) as CSV.")
    void downloadErrorReport(@Mixin WorkspaceOption workspace,
                             @Option(names = "--destination", required = true, paramLabel = "FILE", description = "Where to write the CSV.")
                             Path destination,
                             @Option(names = "--force", description = "Replace the file if it exists.") boolean force) {
        CliSession session = CliSession.load(workspace.path());
        session.requireTenant();
        CliFiles.checkWritable(destination, force, "destination", List.of());
        List<JsonNode> events = AdminConnection.during(session, c -> new TenantApi(c, session).list("/errorreports", "download the error report"));
        StringBuilder csv = new StringBuilder("DeviceId,StartTimestamp,EndTimestamp,EventType,EventClass,EventCategory,EventCount,Description\n");
        for (JsonNode e : events) {
            csv.append(String.join(",", List.of(e.path("DeviceId").asText(), e.path("StartTimestamp").asText(),
                    e.path("EndTimestamp").asText(), e.path("EventType").asText(), csvField(e.path("EventClass").asText()),
                    csvField(e.path("EventCategory").asText()), e.path("EventCount").asText(), csvField(e.path("Description").asText()))))
                    .append('\n');
        }
        CliFiles.write(destination, csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), force, false, "destination");
        context.out().println(events.size() + " error-report events written to " + destination);
    }

    /** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
    private static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }

    private static String operatorToken(Path workspace, String given) {
        if (given != null) {
            if (given.isBlank()) {
                throw CliFailure.invalidInput("--operator-token is empty");
            }
            return given.strip();
        }
        Path file = workspace.resolve("service").resolve("operator.token");
        if (!Files.exists(file)) {
            throw CliFailure.invalidInput("no operator token at " + file + " (the service makes it on its first start in its data"
                    + " folder): give --operator-token TOKEN");
        }
        String token = new String(CliFiles.read(file, MAX_TOKEN_FILE, "operator token file"), StandardCharsets.US_ASCII).strip();
        if (token.isEmpty()) {
            throw CliFailure.invalidInput("operator token file " + file + " is empty");
        }
        return token;
    }
}
