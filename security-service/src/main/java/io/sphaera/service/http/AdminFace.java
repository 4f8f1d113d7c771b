package io.sphaera.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.service.pki.TenantAuthorities;
import io.sphaera.service.store.Device;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.Grant;
import io.sphaera.service.store.InvalidInputException;
import io.sphaera.service.store.OsFeed;
import io.sphaera.service.store.Page;
import io.sphaera.service.store.PageRequest;
import io.sphaera.service.store.Product;
import io.sphaera.service.store.Role;
import io.sphaera.service.store.ServiceStore;
import io.sphaera.service.store.StoreException;
import io.sphaera.service.store.Tenant;
import io.sphaera.service.store.UpdatePolicy;
import io.sphaera.service.update.DeviceUpdates;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The admin face, the tenant API the CLI uses (docs/service.md). Every call carries a bearer token bound to one
 * tenant and a role: a token for another tenant finds nothing (404, as if the thing did not exist), a Reader cannot
 * write (403). Creating tenants takes the operator token the service made in its data folder.
 */
public final class AdminFace {
    private static final String T = "/v2/tenants/{}";

    private final ServiceStore store;
    private final TenantAuthorities authorities;
    private final byte[] operatorToken;
    private final ImagesAndDeployments images;

    private AdminFace(ServiceStore store, TenantAuthorities authorities, String operatorToken, ImagesAndDeployments images) {
        this.store = store;
        this.authorities = authorities;
        this.operatorToken = operatorToken.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.images = images;
    }

    /** @param productionKey the key devices trust for customer images (null: images cannot be added) */
    public static Map<String, Route> routes(ServiceStore store, TenantAuthorities authorities, String operatorToken,
                                           io.sphaera.firmware.signing.SigningKey productionKey, DeviceUpdates updates) {
        AdminFace a = new AdminFace(store, authorities, operatorToken, new ImagesAndDeployments(store, productionKey, updates));
        UpdateViews views = new UpdateViews(store, updates);
        RolloutViews rollouts = new RolloutViews(store, updates.rollouts());
        Map<String, Route> r = new HashMap<>();
        r.put(ServiceServer.route("POST", "/v2/tenants"), a::createTenant);
        r.put(ServiceServer.route("GET", "/v2/tenants"), a::listTenants);
        r.put(ServiceServer.route("GET", T), req -> tenant(a.read(req).tenantId(), a.store));
        r.put(ServiceServer.route("POST", T + "/tokens"), a::issueToken);
        r.put(ServiceServer.route("POST", T + "/products"), a::createProduct);
        r.put(ServiceServer.route("GET", T + "/products"), req -> page(a.store.products(a.read(req).tenantId(), page(req)), AdminFace::product));
        r.put(ServiceServer.route("GET", T + "/products/{}"), req -> product(found(a.store.product(a.read(req).tenantId(), uuid(req, 1)), "product")));
        r.put(ServiceServer.route("PATCH", T + "/products/{}"), a::updateProduct);
        r.put(ServiceServer.route("POST", T + "/products/{}/devicegroups"), a::createGroup);
        r.put(ServiceServer.route("GET", T + "/products/{}/devicegroups"), req -> page(a.store.deviceGroups(a.read(req).tenantId(),
                uuid(req, 1), page(req)), AdminFace::group));
        r.put(ServiceServer.route("GET", T + "/devicegroups/{}"), req -> group(found(a.store.deviceGroup(a.read(req).tenantId(), uuid(req, 1)), "device group")));
        r.put(ServiceServer.route("PATCH", T + "/devicegroups/{}"), a::updateGroup);
        r.put(ServiceServer.route("POST", T + "/devices/{}/claim"), req -> device(a.store.claimDevice(a.write(req).tenantId(), req.param(1))));
        r.put(ServiceServer.route("GET", T + "/devices"), req -> page(a.store.devices(a.read(req).tenantId(), page(req),
                req.queryValue("devicegroup").map(v -> uuidOf(v, "devicegroup"))), AdminFace::device));
        r.put(ServiceServer.route("GET", T + "/devices/{}"), req -> a.deviceDetail(req));
        r.put(ServiceServer.route("PUT", T + "/devices/{}/devicegroup"), req -> device(a.store.moveDevice(a.write(req).tenantId(),
                req.param(1), uuidOf(DeviceFace.text(req.body(), "DeviceGroupId"), "DeviceGroupId"))));
        r.put(ServiceServer.route("GET", T + "/certificates/ca"), a::tenantCa);
        r.put(ServiceServer.route("POST", T + "/images"), req -> a.images.add(a.write(req).tenantId(), req.content()));
        r.put(ServiceServer.route("GET", T + "/images"), req -> page(a.store.images(a.read(req).tenantId(), page(req)), ImagesAndDeployments::image));
        r.put(ServiceServer.route("GET", T + "/images/{}"), req -> ImagesAndDeployments.image(found(a.store.image(a.read(req).tenantId(),
                uuid(req, 1)), "image")));
        r.put(ServiceServer.route("POST", T + "/devicegroups/{}/deployments"), req -> a.images.createDeployment(a.write(req).tenantId(),
                uuid(req, 1), req.body()));
        r.put(ServiceServer.route("GET", T + "/devicegroups/{}/deployments"), req -> {
            UUID tenant = a.read(req).tenantId();
            return page(a.store.deployments(tenant, uuid(req, 1), page(req)), d -> rollouts.listed(tenant, d));
        });
        r.put(ServiceServer.route("GET", T + "/devicegroups/{}/deployments/{}/rollout"), req -> rollouts.rollout(a.read(req).tenantId(),
                uuid(req, 1), uuid(req, 2)));
        r.put(ServiceServer.route("POST", T + "/devicegroups/{}/deployments/{}/rollout/resume"), req -> rollouts.resume(
                a.write(req).tenantId(), uuid(req, 1), uuid(req, 2)));
        r.put(ServiceServer.route("GET", "/v1/device/deployment"), req -> a.images.deviceDeployment(req.device().orElseThrow(() ->
                new ApiException(HttpResponseStatus.UNAUTHORIZED, "Unauthorized", "this call needs the device certificate attestation gave"))));
        r.put(ServiceServer.route("GET", "/v1/device/images/{}"), ServiceHandler.binary((req, range) -> a.images.download(
                req.device().orElseThrow(() -> new ApiException(HttpResponseStatus.UNAUTHORIZED, "Unauthorized",
                        "this call needs the device certificate attestation gave")), uuidOf(req.param(0), "image"), range)));
        r.put(ServiceServer.route("GET", T + "/devices/{}/deployment-status"), req -> views.deploymentStatus(a.readDevice(req)));
        r.put(ServiceServer.route("GET", T + "/devices/{}/targeted-images"), req -> views.targetedImages(a.readDevice(req)));
        r.put(ServiceServer.route("GET", T + "/devices/{}/deployment-history"), req -> page(a.store.deploymentHistory(
                a.read(req).tenantId(), req.param(1), page(req)), UpdateViews::targeting));
        r.put(ServiceServer.route("GET", T + "/errorreports"), req -> page(a.store.errorEvents(a.read(req).tenantId(), page(req)),
                ErrorReports::document));
        Map<String, Route> guarded = new HashMap<>();
        r.forEach((k, route) -> guarded.put(k, ServiceHandler.isBinary(route) ? route : guard(route)));
        return guarded;
    }

    /** The store's refusals become 4xx answers naming the field at fault. */
    private static Route guard(Route route) {
        return req -> {
            try {
                return route.handle(req);
            } catch (StoreException e) {
                throw ApiException.of(e);
            }
        };
    }

    // --- Authorization ---

    private Grant grant(ApiRequest req) throws ApiException {
        String token = req.bearer().orElseThrow(() -> new ApiException(HttpResponseStatus.UNAUTHORIZED, "Unauthorized",
                "an Authorization: Bearer token is required"));
        Grant grant = store.authenticate(token).orElseThrow(() -> new ApiException(HttpResponseStatus.UNAUTHORIZED, "Unauthorized",
                "the token is not valid"));
        UUID asked = uuidOf(req.param(0), "tenant");
        if (!grant.tenantId().equals(asked)) {
            // Another tenant's things look missing, not forbidden: nothing about them leaks.
            throw new ApiException(HttpResponseStatus.NOT_FOUND, "NotFound", "no tenant " + asked);
        }
        return grant;
    }

    private Grant read(ApiRequest req) throws ApiException {
        return grant(req);
    }

    private Grant write(ApiRequest req) throws ApiException {
        Grant g = grant(req);
        if (!g.role().mayWrite()) {
            throw new ApiException(HttpResponseStatus.FORBIDDEN, "Forbidden", "a " + g.role().platformName() + " token cannot change anything");
        }
        return g;
    }

    private void operator(ApiRequest req) throws ApiException {
        byte[] given = req.bearer().orElse("").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(given, operatorToken)) {
            throw new ApiException(HttpResponseStatus.UNAUTHORIZED, "Unauthorized", "this call needs the service's operator token");
        }
    }

    // --- Handlers ---

    private JsonNode createTenant(ApiRequest req) throws ApiException {
        operator(req);
        Tenant t = store.createTenant(DeviceFace.text(req.body(), "Name"));
        authorities.forTenant(t.id());
        ObjectNode out = tenant(t);
        out.put("Token", store.issueToken(t.id(), Role.ADMINISTRATOR));
        return out;
    }

    private JsonNode listTenants(ApiRequest req) throws ApiException {
        operator(req);
        return page(store.tenants(page(req)), AdminFace::tenant);
    }

    private JsonNode issueToken(ApiRequest req) throws ApiException {
        Grant g = grant(req);
        if (!g.role().mayAdminister()) {
            throw new ApiException(HttpResponseStatus.FORBIDDEN, "Forbidden", "only an Administrator issues tokens");
        }
        Role role = Role.fromName(DeviceFace.text(req.body(), "Role"))
                .orElseThrow(() -> ApiException.badRequest("Role is Administrator, Contributor or Reader"));
        return ServiceHandler.JSON.createObjectNode().put("Token", store.issueToken(g.tenantId(), role)).put("Role", role.platformName());
    }

    private JsonNode createProduct(ApiRequest req) throws ApiException {
        Grant g = write(req);
        JsonNode body = req.body();
        boolean defaults = body == null || !body.has("CreateDefaultGroups") || body.path("CreateDefaultGroups").asBoolean(true);
        return product(store.createProduct(g.tenantId(), DeviceFace.text(body, "Name"), optionalText(body, "Description").orElse(""), defaults));
    }

    private JsonNode updateProduct(ApiRequest req) throws ApiException {
        Grant g = write(req);
        return product(store.updateProduct(g.tenantId(), uuid(req, 1), optionalText(req.body(), "Name"), optionalText(req.body(), "Description")));
    }

    private JsonNode createGroup(ApiRequest req) throws ApiException {
        Grant g = write(req);
        JsonNode body = req.body();
        OsFeed feed = optionalText(body, "OsFeedType").map(v -> OsFeed.fromName(v).orElse(null)).orElse(OsFeed.RETAIL);
        UpdatePolicy policy = optionalText(body, "UpdatePolicy").map(v -> UpdatePolicy.fromName(v).orElse(null)).orElse(UpdatePolicy.UPDATE_ALL);
        if (feed == null || policy == null) {
            throw ApiException.badRequest("OsFeedType is Retail or RetailEval; UpdatePolicy is UpdateAll, No3rdPartyAppUpdates or NoUpdates");
        }
        return group(store.createDeviceGroup(g.tenantId(), uuid(req, 1), DeviceFace.text(body, "Name"),
                optionalText(body, "Description").orElse(""), feed, policy));
    }

    private JsonNode updateGroup(ApiRequest req) throws ApiException {
        Grant g = write(req);
        JsonNode body = req.body();
        Optional<OsFeed> feed = optionalText(body, "OsFeedType").map(v -> OsFeed.fromName(v).orElseThrow(() ->
                new InvalidInputException("OsFeedType", "is Retail or RetailEval")));
        Optional<UpdatePolicy> policy = optionalText(body, "UpdatePolicy").map(v -> UpdatePolicy.fromName(v).orElseThrow(() ->
                new InvalidInputException("UpdatePolicy", "is UpdateAll, No3rdPartyAppUpdates or NoUpdates")));
        return group(store.updateDeviceGroup(g.tenantId(), uuid(req, 1), optionalText(body, "Name"), optionalText(body, "Description"),
                feed, policy));
    }

    /** The tenant's device the path names, for a token that may read. */
    private Device readDevice(ApiRequest req) throws ApiException {
        return found(store.device(read(req).tenantId(), req.param(1)), "device");
    }

    private JsonNode deviceDetail(ApiRequest req) throws ApiException {
        Device d = readDevice(req);
        ObjectNode out = device(d);
        store.lastAttestation(d.deviceId()).ifPresent(a -> out.putObject("LastAttestation")
                .put("At", a.attestedAt().toString()).put("OsVersion", a.osVersion()).put("CertificateSerial", a.certificateSerialHex()));
        return out;
    }

    private JsonNode tenantCa(ApiRequest req) throws ApiException {
        Grant g = read(req);
        CertificateAuthority ca = authorities.forTenant(g.tenantId());
        return ServiceHandler.JSON.createObjectNode().put("Certificate", CertificateAuthority.pem(ca.certificateDer()))
                .put("Root", CertificateAuthority.pem(authorities.root().certificateDer()));
    }

    // --- Documents ---

    private static ObjectNode tenant(Tenant t) {
        return ServiceHandler.JSON.createObjectNode().put("Id", t.id().toString()).put("Name", t.name()).put("Created", t.created().toString());
    }

    private static JsonNode tenant(UUID id, ServiceStore store) throws ApiException {
        return tenant(found(store.tenant(id), "tenant"));
    }

    private static ObjectNode product(Product p) {
        return ServiceHandler.JSON.createObjectNode().put("Id", p.id().toString()).put("TenantId", p.tenantId().toString())
                .put("Name", p.name()).put("Description", p.description()).put("Created", p.created().toString());
    }

    private static ObjectNode group(DeviceGroup g) {
        return ServiceHandler.JSON.createObjectNode().put("Id", g.id().toString()).put("TenantId", g.tenantId().toString())
                .put("ProductId", g.productId().toString()).put("Name", g.name()).put("Description", g.description())
                .put("OsFeedType", g.osFeed().platformName()).put("UpdatePolicy", g.updatePolicy().platformName())
                .put("Created", g.created().toString());
    }

    private static ObjectNode device(Device d) {
        ObjectNode out = ServiceHandler.JSON.createObjectNode().put("DeviceId", d.deviceId()).put("TenantId", d.tenantId().toString())
                .put("ClaimedAt", d.claimedAt().toString());
        d.deviceGroupId().ifPresent(g -> out.put("DeviceGroupId", g.toString()));
        return out;
    }

    private static <T> JsonNode page(Page<T> page, Function<T, ObjectNode> render) {
        ObjectNode out = ServiceHandler.JSON.createObjectNode();
        ArrayNode items = out.putArray("Items");
        page.items().forEach(i -> items.add(render.apply(i)));
        page.continuationToken().ifPresent(t -> out.put("ContinuationToken", t));
        return out;
    }

    private static PageRequest page(ApiRequest req) throws ApiException {
        int size;
        try {
            size = Integer.parseInt(req.queryValue("maxPageSize").orElse("100"));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("maxPageSize is a number from 1 to 1000");
        }
        if (size < 1 || size > 1000) {
            throw ApiException.badRequest("maxPageSize is a number from 1 to 1000");
        }
        return new PageRequest(size, req.queryValue("continuationToken"));
    }

    private static <T> T found(Optional<T> value, String what) throws ApiException {
        return value.orElseThrow(() -> new ApiException(HttpResponseStatus.NOT_FOUND, "NotFound", "no such " + what));
    }

    private static UUID uuid(ApiRequest req, int i) {
        return uuidOf(req.param(i), "id");
    }

    private static UUID uuidOf(String value, String field) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "'" + value + "' is not an ID");
        }
    }

    private static Optional<String> optionalText(JsonNode body, String field) throws ApiException {
        JsonNode v = body == null ? null : body.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        return Optional.of(v.asText());
    }
}
