package io.sphaera.emulator.cli;

import static io.sphaera.emulator.cli.CliRun.failed;
import static io.sphaera.emulator.cli.CliRun.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpMethod;
import io.sphaera.emulator.cli.CliRun.Result;
import io.sphaera.emulator.network.ServiceConnection;
import io.sphaera.emulator.network.ServiceReply;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.service.SecurityService;
import io.sphaera.service.http.ServiceTls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tenant-side commands against a real security service on loopback: the session, tenants, products, device
 * groups, claimed devices and the tenant CA, and how each fails. Each test keeps its own session in a workspace of
 * its own (holding the vendor root and the operator token), so tests do not see each other's tenant.
 */
class TenantCliTest {
    private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-26T12:00:00Z"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DEFAULT_GROUPS = Set.of("Development", "Field Test", "Production", "Field Test OS Evaluation",
            "Production OS Evaluation");
    private static final AtomicInteger NAMES = new AtomicInteger();

    @TempDir
    static Path dir;
    @TempDir
    Path tmp;

    private static EventLoopGroup loops;
    private static SecurityService service;
    private static Workspace workspace;
    private static String url;
    private static List<String> devices;

    @BeforeAll
    static void start() throws Exception {
        loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        SeededRandomness randomness = new SeededRandomness(11);
        workspace = Workspace.create(dir.resolve("ws"), CLOCK, randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        service = SecurityService.start(new SecurityService.Config(workspace.root().resolve("service"), workspace.vendor().root(),
                workspace.vendor().manufacturingCa().certificateDer(), Map.of(), new InetSocketAddress("127.0.0.1", 0)),
                CLOCK, randomness.forParty("service"), loops, loops);
        url = "https://127.0.0.1:" + service.port();
        Result made = ok(run("device", "create", "--workspace", workspace.root().toString(), "--count", "2"));
        devices = made.out().lines().map(l -> l.split(" ")[1]).toList();
        assertEquals(2, devices.size(), made::toString);
    }

    @AfterAll
    static void stop() {
        service.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    // ---------------------------------------------------------------- helpers

    private static Result run(String... args) {
        return CliRun.run(CLOCK, new SplittableRandom(5), args);
    }

    /** A command in workspace {@code ws}. */
    private static Result in(Path ws, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--workspace");
        all.add(ws.toString());
        return run(all.toArray(String[]::new));
    }

    /** A user's own workspace: the vendor root that the service's TLS chains to, and the service's operator token. */
    private Path userWorkspace(String name) {
        Path ws = tmp.resolve(name);
        try {
            Files.createDirectories(ws.resolve("vendor"));
            Files.createDirectories(ws.resolve("service"));
            Files.copy(workspace.root().resolve("vendor/root.cert.pem"), ws.resolve("vendor/root.cert.pem"));
            Files.copy(workspace.root().resolve("service/operator.token"), ws.resolve("service/operator.token"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ws;
    }

    /** A user workspace logged in, with a new tenant created and selected: its ID. */
    private String withTenant(Path ws) {
        ok(in(ws, "login", "--service", url));
        String name = "Tenant " + NAMES.incrementAndGet();
        Result r = ok(in(ws, "tenant", "create", "--name", name, "--output", "json"));
        JsonNode tenant = json(r);
        assertEquals(name, tenant.path("Name").asText());
        assertEquals(session(ws).path("Token").asText(), tenant.path("Token").asText(), "the token is printed and kept in the session");
        return tenant.path("Id").asText();
    }

    private static JsonNode session(Path ws) {
        try {
            return JSON.readTree(Files.readAllBytes(ws.resolve("cli-session.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(Result r) {
        try {
            return JSON.readTree(r.out());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r, e);
        }
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> names(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(i -> out.add(i.path("Name").asText()));
        return out;
    }

    private static Collection<? extends java.security.cert.Certificate> certificates(byte[] data) throws Exception {
        return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(data));
    }

    // ---------------------------------------------------------------- the session

    @Test
    void loginKeepsTheServiceAndTokenOwnerOnlyAndANewLoginSelectsNoTenant() throws Exception {
        Path ws = userWorkspace("login");
        ok(in(ws, "login", "--service", url + "/"));
        assertEquals(url, session(ws).path("Service").asText());
        assertFalse(session(ws).has("Token"));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(ws.resolve("cli-session.json")));

        String tenant = withTenant(ws);
        assertEquals(tenant, session(ws).path("TenantId").asText());
        assertFalse(session(ws).path("Token").asText().isEmpty());

        Result r = ok(in(ws, "login", "--token", "some-token"));
        assertTrue(r.out().contains("tenant select"), r::toString);
        assertEquals(url, session(ws).path("Service").asText(), "the session's URL is kept when none is given");
        assertEquals("some-token", session(ws).path("Token").asText());
        assertFalse(session(ws).has("TenantId"));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(ws.resolve("cli-session.json")));
    }

    @Test
    void aBadLoginChangesNothing() {
        Path ws = userWorkspace("bad-login");
        ok(in(ws, "login", "--service", url, "--token", "kept"));
        byte[] before = bytes(ws.resolve("cli-session.json"));
        failed(in(ws, "login", "--service", "http://127.0.0.1:8443"), ExitCode.INVALID_INPUT, "HTTPS");
        failed(in(ws, "login", "--service", "https://127.0.0.1:8443/v2/tenants"), ExitCode.INVALID_INPUT, "https://HOST[:PORT]");
        failed(in(ws, "login", "--service", "https://127.0.0.1:99999"), ExitCode.INVALID_INPUT, "port");
        failed(in(ws, "login", "--token", " "), ExitCode.INVALID_INPUT, "--token");
        assertArrayEquals(before, bytes(ws.resolve("cli-session.json")));

        Path empty = tmp.resolve("no-vendor");
        failed(in(empty, "login", "--service", url), ExitCode.INVALID_INPUT, "root.cert.pem");
        assertFalse(Files.exists(empty.resolve("cli-session.json")));
    }

    @Test
    void withoutASessionOrTenantCommandsSayWhatToRun() throws IOException {
        Path ws = userWorkspace("no-session");
        failed(in(ws, "product", "list"), ExitCode.USAGE, "sphaera login");
        failed(in(ws, "tenant", "create", "--name", "Nobody"), ExitCode.USAGE, "sphaera login");
        failed(in(ws, "device", "list-claimed"), ExitCode.USAGE, "sphaera login");
        failed(in(ws, "ca-certificate", "download", "--destination", tmp.resolve("ca.pem").toString()), ExitCode.USAGE, "sphaera login");
        ok(in(ws, "login", "--service", url));
        failed(in(ws, "product", "list"), ExitCode.USAGE, "sphaera login --token");
        ok(in(ws, "login", "--service", url, "--token", "whatever"));
        failed(in(ws, "product", "list"), ExitCode.USAGE, "sphaera tenant select");
        failed(in(ws, "device-group", "show", "--device-group", "A/B"), ExitCode.USAGE, "sphaera tenant select");
        assertFalse(Files.exists(tmp.resolve("ca.pem")));

        Files.writeString(ws.resolve("cli-session.json"), "{not json");
        failed(in(ws, "product", "list"), ExitCode.INVALID_INPUT, "cli-session.json", "sphaera login");
    }

    @Test
    void aServiceThatIsNotThereOrNotTrustedIsOneLine() throws Exception {
        Path ws = userWorkspace("unreachable");
        String tenant = withTenant(ws);
        String token = session(ws).path("Token").asText();
        Files.writeString(ws.resolve("cli-session.json"), "{\"Service\": \"https://127.0.0.1:1\", \"Token\": \"" + token
                + "\", \"TenantId\": \"" + tenant + "\"}");
        failed(in(ws, "product", "list"), ExitCode.INVALID_INPUT, "cannot reach", "127.0.0.1:1");

        Path other = tmp.resolve("other-vendor");
        Workspace stranger = Workspace.create(other, CLOCK, new SeededRandomness(99).forParty("vendor"), "25.02",
                new SystemRelease.Sizes(16 * 1024, 16 * 1024, 16 * 1024));
        ok(in(stranger.root(), "login", "--service", url, "--token", token));
        failed(in(stranger.root(), "tenant", "select", "--tenant", tenant), ExitCode.VERIFICATION_FAILED, "not trusted");
        assertFalse(session(stranger.root()).has("TenantId"));
    }

    // ---------------------------------------------------------------- tenants

    @Test
    void tenantCreateKeepsTheAdministratorTokenAndSelectsTheTenant() {
        Path ws = userWorkspace("tenant");
        ok(in(ws, "login", "--service", url));
        Result created = ok(in(ws, "tenant", "create", "--name", "Contoso Labs"));
        String id = session(ws).path("TenantId").asText();
        String token = session(ws).path("Token").asText();
        assertTrue(created.out().contains(id) && created.out().contains("Contoso Labs"), created::toString);
        assertEquals(List.of("Administrator token: " + token), created.out().lines().filter(l -> l.contains(token)).toList(),
                "the token is printed once, on a line of its own");

        Result shown = ok(in(ws, "tenant", "show-selected"));
        assertTrue(shown.out().contains("Contoso Labs") && shown.out().contains(id) && shown.out().contains(url), shown::toString);
        JsonNode listed = json(ok(in(ws, "tenant", "list", "--output", "json")));
        assertTrue(names(listed).contains("Contoso Labs"), listed::toString);
        Result csv = ok(in(ws, "tenant", "list", "--output", "csv"));
        assertEquals("Id,Name,Created", csv.out().lines().findFirst().orElseThrow());

        failed(in(ws, "tenant", "create", "--name", "contoso labs"), ExitCode.INVALID_INPUT, "exists already");
        failed(in(ws, "tenant", "create", "--name", "Bad!Name"), ExitCode.INVALID_INPUT, "letters, digits and spaces");
        failed(in(ws, "tenant", "list", "--operator-token", "not-the-operator"), ExitCode.INVALID_INPUT, "operator token");
        assertEquals(id, session(ws).path("TenantId").asText(), "a refused command leaves the session as it was");

        failed(in(ws, "tenant", "select", "--tenant", "not-a-uuid"), ExitCode.INVALID_INPUT, "not a tenant ID");
        failed(in(ws, "tenant", "select", "--tenant", "0f8fad5b-d9cb-469f-a165-70867728950e"), ExitCode.INVALID_INPUT, "no tenant");
        assertEquals(id, session(ws).path("TenantId").asText());
    }

    @Test
    void aSecondTenantReplacesTheSessionsTokenButTheFirstOnesStaysUsable() {
        Path ws = userWorkspace("two-tenants");
        ok(in(ws, "login", "--service", url));
        Result first = ok(in(ws, "tenant", "create", "--name", "First Of Two"));
        String firstId = session(ws).path("TenantId").asText();
        String firstToken = first.out().lines().filter(l -> l.startsWith("Administrator token: ")).findFirst().orElseThrow()
                .substring("Administrator token: ".length());
        assertEquals(session(ws).path("Token").asText(), firstToken);
        ok(in(ws, "product", "create", "--name", "Firstborn"));

        Result second = ok(in(ws, "tenant", "create", "--name", "Second Of Two", "--output", "csv"));
        List<String> csv = second.out().lines().toList();
        assertEquals("Id,Name,Created,Token", csv.get(0));
        String secondToken = session(ws).path("Token").asText();
        assertTrue(csv.get(1).endsWith("," + secondToken), second::toString);
        assertFalse(firstToken.equals(secondToken));

        // The first tenant's token, which the service never shows again, came from the first create's output.
        ok(in(ws, "login", "--token", firstToken));
        ok(in(ws, "tenant", "select", "--tenant", firstId));
        assertEquals(Set.of("Firstborn"), names(json(ok(in(ws, "product", "list", "-o", "json")))));
    }

    @Test
    void tenantCreateHelpSaysTheTokenIsPrintedAndReplacesTheSessions() {
        String help = ok(run("tenant", "create", "--help")).out().replaceAll("\\s+", " ");
        assertTrue(help.contains("print its first Administrator token") && help.contains("in place of the token it had"), help);
    }

    // ---------------------------------------------------------------- products and device groups

    @Test
    void aProductComesWithTheFiveDefaultGroupsAndGroupsAreManagedByNameOrId() {
        Path ws = userWorkspace("products");
        withTenant(ws);
        JsonNode product = json(ok(in(ws, "product", "create", "--name", "Thermostat", "--description", "Keeps warm", "-o", "json")));
        String productId = product.path("Id").asText();

        Result table = ok(in(ws, "device-group", "list", "--product", "Thermostat"));
        for (String g : DEFAULT_GROUPS) {
            assertTrue(table.out().contains(g), table::toString);
        }
        assertTrue(table.out().contains("5 device groups"), table::toString);
        JsonNode groups = json(ok(in(ws, "device-group", "list", "--product", productId, "--output", "json")));
        assertEquals(DEFAULT_GROUPS, names(groups));
        groups.forEach(g -> assertEquals(g.path("Name").asText().contains("OS Evaluation") ? "RetailEval" : "Retail",
                g.path("OsFeedType").asText()));
        Result csv = ok(in(ws, "device-group", "list", "--product", "thermostat", "--output", "csv"));
        List<String> lines = csv.out().lines().toList();
        assertEquals("Id,Name,OsFeedType,UpdatePolicy,ProductId,Description", lines.get(0));
        assertEquals(6, lines.size(), csv::toString);

        ok(in(ws, "product", "create", "--name", "Bare", "--no-default-device-groups"));
        assertEquals(0, json(ok(in(ws, "device-group", "list", "--product", "Bare", "-o", "json"))).size());
        JsonNode made = json(ok(in(ws, "device-group", "create", "--product", "Bare", "--name", "Canary", "--os-feed", "retaileval",
                "--application-update", "NoUpdates", "-o", "json")));
        assertEquals("RetailEval", made.path("OsFeedType").asText());
        assertEquals("NoUpdates", made.path("UpdatePolicy").asText());
        JsonNode byPath = json(ok(in(ws, "device-group", "show", "--device-group", "Bare/canary", "-o", "json")));
        assertEquals(made.path("Id"), byPath.path("Id"));
        JsonNode updated = json(ok(in(ws, "device-group", "update", "--device-group", made.path("Id").asText(), "--new-name",
                "Early Birds", "--application-update", "UpdateAll", "-o", "json")));
        assertEquals("Early Birds", updated.path("Name").asText());
        assertEquals("UpdateAll", updated.path("UpdatePolicy").asText());
        assertEquals("RetailEval", updated.path("OsFeedType").asText());
        Result shown = ok(in(ws, "device-group", "show", "--device-group", "Bare/Early Birds"));
        assertTrue(shown.out().contains("Early Birds") && shown.out().contains("UpdateAll"), shown::toString);

        Result byName = ok(in(ws, "product", "show", "--product", "thermostat"));
        assertTrue(byName.out().contains(productId) && byName.out().contains("Keeps warm"), byName::toString);
        JsonNode renamed = json(ok(in(ws, "product", "update", "--product", productId, "--new-name", "Thermostat Two",
                "--new-description", "Keeps warmer", "-o", "json")));
        assertEquals("Thermostat Two", renamed.path("Name").asText());
        assertEquals("Keeps warmer", renamed.path("Description").asText());
        assertEquals(Set.of("Bare", "Thermostat Two"), names(json(ok(in(ws, "product", "list", "--output", "json")))));
        Result list = ok(in(ws, "product", "list"));
        assertTrue(list.out().startsWith("ID") && list.out().contains("2 products"), list::toString);
    }

    @Test
    void listsFetchEveryPage() {
        Path ws = userWorkspace("paging");
        java.util.UUID tenant = java.util.UUID.fromString(withTenant(ws));
        int count = AdminConnection.PAGE_SIZE * 2 + 5;
        for (int i = 0; i < count; i++) {
            service.store().createProduct(tenant, String.format("Product %03d", i), "", false);
        }
        JsonNode all = json(ok(in(ws, "product", "list", "-o", "json")));
        assertEquals(count, all.size());
        assertEquals(count, names(all).size());
        assertEquals(count + 1, ok(in(ws, "product", "list", "-o", "csv")).out().lines().count());
        assertTrue(ok(in(ws, "product", "list")).out().contains(count + " products"));
        assertEquals("Product 204", json(ok(in(ws, "product", "show", "--product", "product 204", "-o", "json"))).path("Name").asText(),
                "a name on the last page is found");
    }

    @Test
    void namesAreCheckedByTheServiceAndRefusalsSayWhy() {
        Path ws = userWorkspace("names");
        withTenant(ws);
        ok(in(ws, "product", "create", "--name", "Widget"));
        failed(in(ws, "product", "create", "--name", "Bad/Name"), ExitCode.INVALID_INPUT, "letters, digits and spaces", "(400)");
        failed(in(ws, "product", "create", "--name", "x".repeat(51)), ExitCode.INVALID_INPUT, "at most 50 characters", "(400)");
        failed(in(ws, "product", "create", "--name", "WIDGET"), ExitCode.INVALID_INPUT, "a product named", "(409)");
        failed(in(ws, "device-group", "create", "--product", "Widget", "--name", "field test"), ExitCode.INVALID_INPUT,
                "a device group named", "(409)");
        failed(in(ws, "device-group", "create", "--product", "Widget", "--name", "Beta", "--os-feed", "Nightly"),
                ExitCode.INVALID_INPUT, "--os-feed 'Nightly'", "Retail or RetailEval");
        failed(in(ws, "device-group", "create", "--product", "Widget", "--name", "Beta", "--application-update", "Sometimes"),
                ExitCode.INVALID_INPUT, "NoUpdates");
        failed(in(ws, "device-group", "list", "--product", "Gadget"), ExitCode.INVALID_INPUT, "no product named 'Gadget'");
        failed(in(ws, "device-group", "show", "--device-group", "Widget/Nope"), ExitCode.INVALID_INPUT, "no device group named 'Nope'");
        failed(in(ws, "device-group", "show", "--device-group", "Widget"), ExitCode.INVALID_INPUT, "PRODUCT/GROUP");
        failed(in(ws, "product", "update", "--product", "Widget"), ExitCode.USAGE, "--new-name");
        failed(in(ws, "product", "list", "--output", "yaml"), ExitCode.INVALID_INPUT, "table, json or csv");
        assertEquals(Set.of("Widget"), names(json(ok(in(ws, "product", "list", "-o", "json")))));
    }

    @Test
    void aReaderTokenReadsButCannotCreateAProduct() throws Exception {
        Path admin = userWorkspace("admin");
        String tenant = withTenant(admin);
        ok(in(admin, "product", "create", "--name", "Readable"));
        String reader;
        try (ServiceConnection c = ServiceConnection.open(loops, ServiceTls.client(workspace.vendor().root().certificateDer()),
                new InetSocketAddress("127.0.0.1", service.port())).get(10, TimeUnit.SECONDS)) {
            ServiceReply issued = c.send(HttpMethod.POST, "/v2/tenants/" + tenant + "/tokens",
                    ServiceConnection.json().createObjectNode().put("Role", "Reader"), session(admin).path("Token").asText())
                    .get(10, TimeUnit.SECONDS);
            assertEquals(200, issued.status(), issued::error);
            reader = issued.body().path("Token").asText();
        }
        Path ws = userWorkspace("reader");
        ok(in(ws, "login", "--service", url, "--token", reader));
        ok(in(ws, "tenant", "select", "--tenant", tenant));
        assertEquals(Set.of("Readable"), names(json(ok(in(ws, "product", "list", "-o", "json")))));
        failed(in(ws, "product", "create", "--name", "Forbidden Fruit"), ExitCode.INVALID_INPUT, "a Reader token cannot change anything",
                "(403)");
        failed(in(ws, "device", "claim", "-d", devices.get(1)), ExitCode.INVALID_INPUT, "Reader");
        assertEquals(Set.of("Readable"), names(json(ok(in(admin, "product", "list", "-o", "json")))));
    }

    @Test
    void anotherTenantSeesNothingOfTheFirst() {
        Path a = userWorkspace("tenant-a");
        withTenant(a);
        String productId = json(ok(in(a, "product", "create", "--name", "Secret Sauce", "-o", "json"))).path("Id").asText();
        String groupId = json(ok(in(a, "device-group", "list", "--product", "Secret Sauce", "-o", "json"))).get(0).path("Id").asText();
        Path b = userWorkspace("tenant-b");
        withTenant(b);
        failed(in(b, "product", "show", "--product", productId), ExitCode.INVALID_INPUT, "no such product", "(404)");
        failed(in(b, "product", "show", "--product", "Secret Sauce"), ExitCode.INVALID_INPUT, "no product named");
        failed(in(b, "product", "update", "--product", productId, "--new-name", "Stolen"), ExitCode.INVALID_INPUT, "no such product");
        failed(in(b, "device-group", "show", "--device-group", groupId), ExitCode.INVALID_INPUT, "no such device group");
        assertEquals(0, json(ok(in(b, "product", "list", "-o", "json"))).size());
        assertEquals("Secret Sauce", json(ok(in(a, "product", "show", "--product", productId, "-o", "json"))).path("Name").asText());
    }

    // ---------------------------------------------------------------- devices

    @Test
    void aDeviceIsClaimedOnceMovedIntoAGroupAndShownWithItsLastAttestation() {
        Path ws = workspace.root();
        withTenant(ws);
        String device = devices.get(0);
        Result claimed = ok(in(ws, "device", "claim", "-d", device.substring(0, 8)));
        assertTrue(claimed.out().contains(device), claimed::toString);
        failed(in(ws, "device", "claim", "-d", device), ExitCode.INVALID_INPUT, "claimed already", "(409)");
        failed(in(ws, "device", "claim", "-d", "zz"), ExitCode.INVALID_INPUT, "not a device ID");
        failed(in(ws, "device", "claim", "-d", "ffff0000"), ExitCode.INVALID_INPUT, "no device ffff0000");

        ok(in(ws, "product", "create", "--name", "Kettle"));
        Result moved = ok(in(ws, "device", "update", "-d", device.substring(0, 8), "--device-group", "Kettle/Field Test"));
        assertTrue(moved.out().contains("Field Test"), moved::toString);
        JsonNode listed = json(ok(in(ws, "device", "list-claimed", "--device-group", "Kettle/Field Test", "-o", "json")));
        assertEquals(1, listed.size());
        assertEquals(device, listed.get(0).path("DeviceId").asText());
        assertEquals(0, json(ok(in(ws, "device", "list-claimed", "--device-group", "Kettle/Production", "-o", "json"))).size());
        Result csv = ok(in(ws, "device", "list-claimed", "--output", "csv"));
        assertEquals(List.of("DeviceId,DeviceGroupId,ClaimedAt"), csv.out().lines().limit(1).toList());
        assertEquals(2, csv.out().lines().count(), csv::toString);

        Result shown = ok(in(ws, "device", "show-claimed", "-d", device));
        assertTrue(shown.out().contains("Field Test"), shown::toString);
        assertTrue(shown.out().lines().anyMatch(l -> l.startsWith("Last Attested:") && l.endsWith(" -")), shown::toString);
        service.store().recordAttestation(device, "25.02", "0a1b2c").join();
        JsonNode detail = json(ok(in(ws, "device", "show-claimed", "-d", device.substring(0, 6), "-o", "json")));
        assertEquals("Field Test", detail.path("DeviceGroupName").asText());
        assertEquals("25.02", detail.path("LastAttestation").path("OsVersion").asText());
        assertTrue(ok(in(ws, "device", "show-claimed", "-d", device)).out().contains("0a1b2c"));

        Path other = userWorkspace("claims-b");
        withTenant(other);
        failed(in(other, "device", "claim", "-d", device), ExitCode.INVALID_INPUT, "claimed already");
        failed(in(other, "device", "show-claimed", "-d", device), ExitCode.INVALID_INPUT, "no such device", "(404)");
        failed(in(other, "device", "claim", "-d", device.substring(0, 8)), ExitCode.INVALID_INPUT, "not a Sphaera workspace",
                "full 128-digit ID");
    }

    // ---------------------------------------------------------------- the tenant CA

    @Test
    void theTenantCaDownloadsAsPemDerAndAChainToTheRoot() throws Exception {
        Path ws = userWorkspace("ca");
        withTenant(ws);
        Path pem = tmp.resolve("ca.pem");
        ok(in(ws, "ca-certificate", "download", "--destination", pem.toString()));
        assertTrue(Files.readString(pem).startsWith("-----BEGIN CERTIFICATE-----"));
        X509Certificate ca = (X509Certificate) certificates(bytes(pem)).iterator().next();
        ca.verify(ServiceTls.certificate(workspace.vendor().root().certificateDer()).getPublicKey());

        Path der = tmp.resolve("ca.cer");
        ok(in(ws, "ca-certificate", "download", "--destination", der.toString(), "--format", "der"));
        assertArrayEquals(ca.getEncoded(), bytes(der));

        Path chain = tmp.resolve("chain.pem");
        ok(in(ws, "ca-certificate", "download-chain", "--destination", chain.toString()));
        List<? extends java.security.cert.Certificate> certs = List.copyOf(certificates(bytes(chain)));
        assertEquals(2, certs.size());
        assertArrayEquals(ca.getEncoded(), certs.get(0).getEncoded());
        assertArrayEquals(workspace.vendor().root().certificateDer(), certs.get(1).getEncoded());

        byte[] before = bytes(pem);
        failed(in(ws, "ca-certificate", "download", "--destination", pem.toString()), ExitCode.INVALID_INPUT, "--force");
        failed(in(ws, "ca-certificate", "download", "--destination", tmp.resolve("x.pem").toString(), "--format", "p7b"),
                ExitCode.INVALID_INPUT, "pem or der");
        assertArrayEquals(before, bytes(pem));
        assertFalse(Files.exists(tmp.resolve("x.pem")));
        ok(in(ws, "ca-certificate", "download", "--destination", pem.toString(), "--force"));
    }

    // ---------------------------------------------------------------- help

    @ParameterizedTest
    @ValueSource(strings = {"login", "tenant", "tenant create", "tenant list", "tenant select", "tenant show-selected", "product",
            "product create", "product list", "product show", "product update", "device-group", "device-group create",
            "device-group list", "device-group show", "device-group update", "device claim", "device update", "device list-claimed",
            "device show-claimed", "ca-certificate", "ca-certificate download", "ca-certificate download-chain"})
    void helpWorksForEveryCommand(String command) {
        String[] words = command.split(" ");
        String[] args = java.util.Arrays.copyOf(words, words.length + 1);
        args[words.length] = "--help";
        Result r = ok(run(args));
        assertTrue(r.out().startsWith("Usage: sphaera " + command), r::toString);
        if (words.length > 1 || command.equals("login")) {
            assertTrue(r.out().contains("--workspace"), r::toString);
        }
    }
}
