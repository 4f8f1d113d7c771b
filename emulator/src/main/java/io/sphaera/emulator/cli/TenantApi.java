package io.sphaera.emulator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The selected tenant's side of the admin face, with the session's token: its paths, and products and device
 * groups named by ID or by name. A name is looked up by listing (names are unique ignoring case); a device group is
 * named by its ID or as PRODUCT/GROUP, the platform's form.
 */
final class TenantApi {
    private final AdminConnection connection;
    private final String token;
    private final UUID tenant;

    /** Runs one command's work for the selected tenant on a connection of its own. */
    static <T> T during(CliSession session, Function<TenantApi, T> work) {
        return AdminConnection.forTenant(session, c -> work.apply(new TenantApi(c, session)));
    }

    TenantApi(AdminConnection connection, CliSession session) {
        this.connection = connection;
        this.tenant = session.requireTenant();
        this.token = session.requireToken();
    }

    UUID tenant() {
        return tenant;
    }

    private String path(String relative) {
        return "/v2/tenants/" + tenant + relative;
    }

    JsonNode get(String relative, String action) {
        return connection.call(HttpMethod.GET, path(relative), null, token, action);
    }

    JsonNode send(HttpMethod method, String relative, JsonNode body, String action) {
        return connection.call(method, path(relative), body, token, action);
    }

    JsonNode upload(String relative, byte[] bytes, String action) {
        return connection.upload(path(relative), bytes, token, action);
    }

    List<JsonNode> list(String relative, String action) {
        return connection.list(path(relative), token, action);
    }

    /** A product by ID or name. */
    JsonNode product(String idOrName) {
        Optional<UUID> id = uuid(idOrName);
        if (id.isPresent()) {
            return get("/products/" + id.get(), "find product " + idOrName);
        }
        return byName(list("/products", "list products"), idOrName)
                .orElseThrow(() -> CliFailure.invalidInput("no product named '" + idOrName.strip() + "' in tenant " + tenant
                        + " (see 'sphaera product list')"));
    }

    /** A device group by ID, or as PRODUCT/GROUP with the product by ID or name. */
    JsonNode deviceGroup(String reference) {
        Optional<UUID> id = uuid(reference);
        if (id.isPresent()) {
            return get("/devicegroups/" + id.get(), "find device group " + reference);
        }
        int slash = reference.indexOf('/');
        if (slash < 0) {
            throw CliFailure.invalidInput("device group '" + reference + "' is neither an ID nor PRODUCT/GROUP (e.g. 'Widget/Field Test')");
        }
        JsonNode product = product(reference.substring(0, slash));
        String groupName = reference.substring(slash + 1);
        return byName(list("/products/" + product.path("Id").asText() + "/devicegroups", "list device groups"), groupName)
                .orElseThrow(() -> CliFailure.invalidInput("product '" + product.path("Name").asText() + "' has no device group named '"
                        + groupName.strip() + "' (see 'sphaera device-group list --product " + product.path("Id").asText() + "')"));
    }

    private static Optional<JsonNode> byName(List<JsonNode> items, String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return items.stream().filter(i -> i.path("Name").asText().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    private static Optional<UUID> uuid(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (!t.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            return Optional.empty();
        }
        return Optional.of(UUID.fromString(t));
    }
}
