package io.sphaera.emulator.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpMethod;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.service.SecurityService;
import io.sphaera.service.http.ServiceTls;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tenant API over TLS: who may do what, names, claims and paging, as the CLI will meet them. */
class AdminFaceTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-26T12:00:00Z"));
    @TempDir
    static Path dir;
    private static EventLoopGroup loops;
    private static SecurityService service;
    private static ServiceConnection c;

    @BeforeAll
    static void start() throws Exception {
        loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        SeededRandomness randomness = new SeededRandomness(3);
        Workspace w = Workspace.create(dir.resolve("ws"), CLOCK, randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        service = SecurityService.start(new SecurityService.Config(dir.resolve("service"), w.vendor().root(),
                w.vendor().manufacturingCa().certificateDer(), Map.of(), new InetSocketAddress("127.0.0.1", 0)),
                CLOCK, randomness.forParty("service"), loops, loops);
        c = ServiceConnection.open(loops, ServiceTls.client(w.vendor().root().certificateDer()),
                new InetSocketAddress("127.0.0.1", service.port())).get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        c.close();
        service.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static ServiceReply call(HttpMethod m, String path, JsonNode body, String token) throws Exception {
        return c.send(m, path, body, token).get(10, TimeUnit.SECONDS);
    }

    private static ObjectNode json() {
        return ServiceConnection.json().createObjectNode();
    }

    /** A new tenant: its ID and Administrator token. */
    private static String[] tenant(String name) throws Exception {
        ServiceReply r = call(HttpMethod.POST, "/v2/tenants", json().put("Name", name), service.operatorToken());
        assertEquals(200, r.status(), r::error);
        return new String[] {r.body().path("Id").asText(), r.body().path("Token").asText()};
    }

    @Test
    void onlyTheOperatorCreatesTenants() throws Exception {
        assertEquals(401, call(HttpMethod.POST, "/v2/tenants", json().put("Name", "Sneaky"), null).status());
        assertEquals(401, call(HttpMethod.POST, "/v2/tenants", json().put("Name", "Sneaky"), "not-the-token").status());
        String[] t = tenant("Operator Made");
        assertEquals(401, call(HttpMethod.POST, "/v2/tenants", json().put("Name", "Other"), t[1]).status(), "a tenant token is not the operator's");
    }

    @Test
    void aTenantsTokenSeesNothingOfAnotherTenant() throws Exception {
        String[] a = tenant("Tenant A");
        String[] b = tenant("Tenant B");
        ServiceReply product = call(HttpMethod.POST, "/v2/tenants/" + a[0] + "/products", json().put("Name", "Widget"), a[1]);
        assertEquals(200, product.status(), product::error);
        String productId = product.body().path("Id").asText();
        assertEquals(404, call(HttpMethod.GET, "/v2/tenants/" + a[0] + "/products/" + productId, null, b[1]).status());
        assertEquals(404, call(HttpMethod.GET, "/v2/tenants/" + a[0] + "/products", null, b[1]).status());
        assertEquals(404, call(HttpMethod.PATCH, "/v2/tenants/" + a[0] + "/products/" + productId, json().put("Name", "Stolen"), b[1]).status());
        // B asking in its own name for A's product finds nothing either.
        assertEquals(404, call(HttpMethod.GET, "/v2/tenants/" + b[0] + "/products/" + productId, null, b[1]).status());
        String device = "ab".repeat(64);
        assertEquals(200, call(HttpMethod.POST, "/v2/tenants/" + a[0] + "/devices/" + device + "/claim", null, a[1]).status());
        assertEquals(404, call(HttpMethod.GET, "/v2/tenants/" + b[0] + "/devices/" + device, null, b[1]).status());
        assertEquals(409, call(HttpMethod.POST, "/v2/tenants/" + b[0] + "/devices/" + device + "/claim", null, b[1]).status(),
                "a claimed device is claimed for good");
    }

    @Test
    void aReaderReadsButCannotWrite() throws Exception {
        String[] t = tenant("Readers Inc");
        ServiceReply issued = call(HttpMethod.POST, "/v2/tenants/" + t[0] + "/tokens", json().put("Role", "Reader"), t[1]);
        assertEquals(200, issued.status(), issued::error);
        String reader = issued.body().path("Token").asText();
        assertEquals(200, call(HttpMethod.GET, "/v2/tenants/" + t[0] + "/products", null, reader).status());
        ServiceReply refused = call(HttpMethod.POST, "/v2/tenants/" + t[0] + "/products", json().put("Name", "Nope"), reader);
        assertEquals(403, refused.status());
        assertTrue(refused.error().contains("Reader"), refused.error());
        assertEquals(403, call(HttpMethod.POST, "/v2/tenants/" + t[0] + "/tokens", json().put("Role", "Administrator"), reader).status());
    }

    @Test
    void aProductComesWithTheFiveDefaultGroupsAndNamesAreChecked() throws Exception {
        String[] t = tenant("Groups Ltd");
        String base = "/v2/tenants/" + t[0];
        String productId = call(HttpMethod.POST, base + "/products", json().put("Name", "Thermostat"), t[1]).body().path("Id").asText();
        Set<String> names = new HashSet<>();
        String token = null;
        do {
            ServiceReply page = call(HttpMethod.GET, base + "/products/" + productId + "/devicegroups?maxPageSize=2"
                    + (token == null ? "" : "&continuationToken=" + token), null, t[1]);
            assertEquals(200, page.status(), page::error);
            page.body().path("Items").forEach(g -> names.add(g.path("Name").asText()));
            token = page.body().has("ContinuationToken") ? page.body().path("ContinuationToken").asText() : null;
        } while (token != null);
        assertEquals(Set.of("Development", "Field Test", "Production", "Field Test OS Evaluation", "Production OS Evaluation"), names);
        assertEquals(400, call(HttpMethod.POST, base + "/products", json().put("Name", "x".repeat(51)), t[1]).status());
        assertEquals(400, call(HttpMethod.POST, base + "/products", json().put("Name", "Bad/Name"), t[1]).status());
        assertEquals(409, call(HttpMethod.POST, base + "/products", json().put("Name", "THERMOSTAT"), t[1]).status());
        assertEquals(400, call(HttpMethod.GET, base + "/products?maxPageSize=0", null, t[1]).status());
        assertEquals(400, call(HttpMethod.GET, base + "/products?continuationToken=bogus", null, t[1]).status());
    }

    @Test
    void devicesMoveOnlyIntoTheirOwnTenantsGroups() throws Exception {
        String[] a = tenant("Movers A");
        String[] b = tenant("Movers B");
        String device = "cd".repeat(64);
        call(HttpMethod.POST, "/v2/tenants/" + a[0] + "/devices/" + device + "/claim", null, a[1]);
        String bProduct = call(HttpMethod.POST, "/v2/tenants/" + b[0] + "/products", json().put("Name", "B Product"), b[1]).body().path("Id").asText();
        String bGroup = call(HttpMethod.GET, "/v2/tenants/" + b[0] + "/products/" + bProduct + "/devicegroups", null, b[1])
                .body().path("Items").get(0).path("Id").asText();
        assertEquals(404, call(HttpMethod.PUT, "/v2/tenants/" + a[0] + "/devices/" + device + "/devicegroup",
                json().put("DeviceGroupId", bGroup), a[1]).status());
        String aProduct = call(HttpMethod.POST, "/v2/tenants/" + a[0] + "/products", json().put("Name", "A Product"), a[1]).body().path("Id").asText();
        String aGroup = call(HttpMethod.GET, "/v2/tenants/" + a[0] + "/products/" + aProduct + "/devicegroups", null, a[1])
                .body().path("Items").get(1).path("Id").asText();
        ServiceReply moved = call(HttpMethod.PUT, "/v2/tenants/" + a[0] + "/devices/" + device + "/devicegroup",
                json().put("DeviceGroupId", aGroup), a[1]);
        assertEquals(200, moved.status(), moved::error);
        assertEquals(aGroup, moved.body().path("DeviceGroupId").asText());
        ServiceReply listed = call(HttpMethod.GET, "/v2/tenants/" + a[0] + "/devices?devicegroup=" + aGroup, null, a[1]);
        assertEquals(1, listed.body().path("Items").size());
        assertFalse(call(HttpMethod.GET, "/v2/tenants/" + a[0] + "/certificates/ca", null, a[1]).body().path("Certificate").asText().isEmpty());
    }

    @Test
    void missingOrBadTokensAre401() throws Exception {
        String[] t = tenant("Tokens Co");
        assertEquals(401, call(HttpMethod.GET, "/v2/tenants/" + t[0] + "/products", null, null).status());
        assertEquals(401, call(HttpMethod.GET, "/v2/tenants/" + t[0] + "/products", null, t[1] + "x").status());
        assertEquals(400, call(HttpMethod.GET, "/v2/tenants/not-a-uuid/products", null, t[1]).status());
    }
}
