package io.sphaera.service.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.firmware.update.UpdateAuthority;
import io.sphaera.firmware.update.UpdateManifest;
import io.sphaera.firmware.update.UpdateManifestVerifier;
import io.sphaera.firmware.update.UpdatePhase;
import io.sphaera.service.SecurityService;
import io.sphaera.service.pki.ServicePki;
import io.sphaera.service.store.Deployment;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.Image;
import io.sphaera.service.store.ImageRecord;
import io.sphaera.service.store.OsFeed;
import io.sphaera.service.store.Product;
import io.sphaera.service.store.Role;
import io.sphaera.service.store.Tenant;
import io.sphaera.service.store.UpdatePolicy;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update endpoints of a running service, over TLS on loopback: a device's signed manifest and its reports over
 * mutual TLS with its certificate, and its tenant's views of them over the admin face.
 */
class DeviceUpdatesOverTlsTest {
    private static final Instant T0 = Instant.parse("2026-06-01T09:30:00Z");
    private static final InstantSource CLOCK = InstantSource.fixed(T0);
    private static final CertificateAuthority ROOT = CertificateAuthority.selfSigned(SigningKey.generate(new SplittableRandom(1)),
            "Sphaera Root", T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(3650)), BigInteger.ONE);
    private static final UpdateManifestVerifier DEVICE_CHECK = new UpdateManifestVerifier(List.of(),
            new UpdateAuthority(ROOT.key().verificationKey(), "Sphaera Update CA"));
    private static final String MANIFEST = "/v1/device/update-manifest";
    private static final String REPORT = "/v1/device/update-report";

    @TempDir
    static Path dir;
    private static EventLoopGroup loops;
    private static SecurityService service;
    private static final SplittableRandom RANDOM = new SplittableRandom(17);
    private static Tenant tenant;
    private static String admin;
    private static String reader;
    private static Product product;

    /** A device of the test: its ID, identity key and the certificate it presents. */
    private record TestDevice(String id, SigningKey key, byte[] certificate) {
        ServiceHttps client() throws Exception {
            return ServiceHttps.device(service.port(), ROOT, key, certificate);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        byte[] manufacturing = ROOT.issueAuthority(SigningKey.generate(new SplittableRandom(2)), "Manufacturing CA",
                T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(3650)), BigInteger.TWO).certificateDer();
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        service = SecurityService.start(new SecurityService.Config(dir.resolve("service"), ROOT, manufacturing, Map.of(),
                new InetSocketAddress("127.0.0.1", 0)), CLOCK, new SplittableRandom(3), loops, loops);
        tenant = service.store().createTenant("Contoso");
        admin = service.store().issueToken(tenant.id(), Role.ADMINISTRATOR);
        reader = service.store().issueToken(tenant.id(), Role.READER);
        product = service.store().createProduct(tenant.id(), "Lamp", "", false);
    }

    @AfterAll
    static void stop() {
        service.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static DeviceGroup group(String name, UpdatePolicy policy) {
        return service.store().createDeviceGroup(tenant.id(), product.id(), name, "", OsFeed.RETAIL, policy);
    }

    private static Image image(String version) {
        byte[] bytes = new byte[64 + RANDOM.nextInt(64)];
        RANDOM.nextBytes(bytes);
        ImageRecord r = new ImageRecord(new UUID(RANDOM.nextLong(), RANDOM.nextLong()), new UUID(RANDOM.nextLong(), RANDOM.nextLong()),
                ImageKind.APPLICATIONS.code(), "app", version, 1, HexFormat.of().formatHex(Sha256.of(bytes)), bytes.length);
        return service.store().addImage(tenant.id(), r, bytes);
    }

    private static Deployment deploy(DeviceGroup g, Image... images) {
        return service.store().createDeployment(tenant.id(), g.id(), List.of(images).stream().map(Image::imageId).toList());
    }

    private static TestDevice unclaimed() {
        byte[] raw = new byte[64];
        RANDOM.nextBytes(raw);
        String id = HexFormat.of().formatHex(raw);
        SigningKey key = SigningKey.generate(RANDOM);
        return new TestDevice(id, key, certificate(service.pki().deviceCa(), id, key));
    }

    /** A device claimed by the tenant, in {@code g}, with the certificate its tenant's CA issues. */
    private static TestDevice claimed(DeviceGroup g) {
        TestDevice d = unclaimed();
        service.store().claimDevice(tenant.id(), d.id());
        if (g != null) {
            service.store().moveDevice(tenant.id(), d.id(), g.id());
        }
        return new TestDevice(d.id(), d.key(), certificate(service.tenantAuthorities().forTenant(tenant.id()), d.id(), d.key()));
    }

    private static byte[] certificate(CertificateAuthority ca, String id, SigningKey key) {
        return ca.issue(key.verificationKey(), id, T0.minus(Duration.ofMinutes(5)), T0.plus(Duration.ofHours(24)),
                ServicePki.serial(RANDOM));
    }

    private static UpdateManifest verify(byte[] envelope, String device, long lastVersion) throws Exception {
        return DEVICE_CHECK.verify(envelope, new UpdateManifestVerifier.Expectations(device, lastVersion, null, T0)).manifest();
    }

    private static String path(Tenant t, TestDevice d, String view) {
        return "/v2/tenants/" + t.id() + "/devices/" + d.id() + "/" + view;
    }

    /** As a client reads the document (numbers as the parser types them). */
    private static JsonNode reparsed(JsonNode document) throws Exception {
        return ServiceHttps.JSON.readTree(document.toString());
    }

    private static ObjectNode goodReport(Deployment d, Image installed) {
        ObjectNode body = ServiceHttps.JSON.createObjectNode().put("ManifestVersion", 1).put("Deployment", d.id().toString())
                .put("Outcome", "Installed").put("Detail", "2 apps running");
        body.putArray("InstalledImages").addObject().put("ImageId", installed.imageId().toString())
                .put("ComponentId", installed.record().componentId().toString()).put("Version", installed.record().version());
        return body;
    }

    @Test
    void theManifestIsTheSignedEnvelopeEachDeviceGetsAgainUntilItsDeploymentChanges() throws Exception {
        DeviceGroup g = group("Manifests", UpdatePolicy.UPDATE_ALL);
        Image a = image("1.0.0");
        Deployment d1 = deploy(g, a);
        TestDevice device = claimed(g);
        try (ServiceHttps https = device.client()) {
            ServiceHttps.Reply first = https.get(MANIFEST, null);
            assertEquals(200, first.status(), first::toString);
            assertTrue(first.contentType().startsWith("application/json"), first.contentType());
            UpdateManifest m1 = verify(first.body(), device.id(), 0);
            assertEquals(1, m1.version());
            assertEquals(Optional.of(d1.id()), m1.deployment());
            assertEquals(List.of(a.imageId()), m1.images(UpdatePhase.APPS).stream().map(t -> t.imageId()).toList());
            assertArrayEquals(first.body(), https.get(MANIFEST, null).body(), "asked again: the same bytes");

            Image b = image("1.1.0");
            Deployment d2 = deploy(g, b, a);
            UpdateManifest m2 = verify(https.get(MANIFEST, null).body(), device.id(), 1);
            assertEquals(2, m2.version());
            assertEquals(Optional.of(d2.id()), m2.deployment());
            assertEquals(List.of(b.imageId(), a.imageId()), m2.images(UpdatePhase.APPS).stream().map(t -> t.imageId()).toList());

            DeviceGroup frozen = group("Manifests Frozen", UpdatePolicy.NO_UPDATES);
            service.store().moveDevice(tenant.id(), device.id(), frozen.id());
            UpdateManifest m3 = verify(https.get(MANIFEST, null).body(), device.id(), 2);
            assertEquals(3, m3.version());
            assertEquals(Optional.empty(), m3.deployment());
            assertEquals(List.of(), m3.images(UpdatePhase.APPS));
        }
        try (ServiceHttps https = ServiceHttps.anonymous(service.port(), ROOT)) {
            JsonNode history = https.get(path(tenant, device, "deployment-history"), reader).json();
            assertEquals(2, history.path("Items").size());
            assertEquals(1, history.path("Items").get(1).path("ManifestVersion").asLong());
            JsonNode status = https.get(path(tenant, device, "deployment-status"), reader).json();
            assertEquals(3, status.path("LastManifest").path("Version").asLong());
            assertTrue(status.path("TargetedDeployment").isNull(), "its last manifest named none");
        }
    }

    @Test
    void aDeviceDownloadsTheImagesItsManifestNamedAfterANewerDeploymentIsMade() throws Exception {
        DeviceGroup g = group("Downloads", UpdatePolicy.UPDATE_ALL);
        Image old = image("1.0.0");
        deploy(g, old);
        TestDevice device = claimed(g);
        try (ServiceHttps https = device.client()) {
            assertEquals(200, https.get(MANIFEST, null).status());
            deploy(g, image("2.0.0"));
            ServiceHttps.Reply part = https.get("/v1/device/images/" + old.imageId(), null);
            assertEquals(200, part.status(), "named by the manifest the device is acting on");
            assertEquals(old.record().size(), part.body().length);
            assertEquals(404, https.get("/v1/device/images/" + image("3.0.0").imageId(), null).status(), "deployed to no one");
        }
    }

    @Test
    void anUnclaimedDeviceGetsAManifestThatNamesNothing() throws Exception {
        TestDevice device = unclaimed();
        try (ServiceHttps https = device.client()) {
            ServiceHttps.Reply reply = https.get(MANIFEST, null);
            assertEquals(200, reply.status());
            UpdateManifest m = verify(reply.body(), device.id(), 0);
            assertEquals(1, m.version());
            assertEquals(Optional.empty(), m.deployment());
            assertEquals(T0.plus(Duration.ofDays(7)), m.expires());
        }
    }

    @Test
    void withoutADeviceCertificateTheUpdateCallsAre401() throws Exception {
        try (ServiceHttps https = ServiceHttps.anonymous(service.port(), ROOT)) {
            for (ServiceHttps.Reply r : List.of(https.get(MANIFEST, null), https.post(REPORT, "{}", null))) {
                assertEquals(401, r.status());
                assertEquals("Unauthorized", r.json().path("code").asText());
                assertFalse(r.error().isEmpty() || r.error().contains("\n"), r.error());
            }
        }
    }

    @Test
    void aGoodReportIsKeptAndItsTenantSeesIt() throws Exception {
        DeviceGroup g = group("Reports", UpdatePolicy.UPDATE_ALL);
        Image a = image("1.2.0");
        Deployment d = deploy(g, a);
        TestDevice device = claimed(g);
        try (ServiceHttps https = device.client()) {
            assertEquals(200, https.get(MANIFEST, null).status());
            ServiceHttps.Reply accepted = https.post(REPORT, goodReport(d, a).toString(), null);
            assertEquals(200, accepted.status(), accepted::toString);
            assertEquals(ServiceHttps.JSON.readTree("{\"Accepted\":true}"), accepted.json());
            ObjectNode rolledBack = goodReport(d, a).put("Outcome", "RolledBack").putNull("Deployment");
            rolledBack.remove("Deployment");
            assertEquals(200, https.post(REPORT, rolledBack.toString(), null).status(), "Deployment may be absent");
            assertEquals(200, https.post(REPORT, goodReport(d, a).putNull("Deployment").put("Outcome", "Failed").toString(), null)
                    .status(), "or null");
        }
        try (ServiceHttps https = ServiceHttps.anonymous(service.port(), ROOT)) {
            JsonNode last = https.get(path(tenant, device, "deployment-status"), reader).json().path("LastReport");
            assertEquals("Failed", last.path("Outcome").asText());
            assertEquals("2 apps running", last.path("Detail").asText());
            assertEquals(1, last.path("ManifestVersion").asLong());
            assertTrue(last.path("Deployment").isNull());
            assertEquals(T0.toString(), last.path("Reported").asText());
            assertEquals(a.imageId().toString(), last.path("InstalledImages").get(0).path("ImageId").asText());
            assertEquals("1.2.0", last.path("InstalledImages").get(0).path("Version").asText());
        }
    }

    @Test
    void eachMalformedFieldOfAReportIsRefusedByName() throws Exception {
        DeviceGroup g = group("Bad Reports", UpdatePolicy.UPDATE_ALL);
        Image a = image("1.0.0");
        Deployment d = deploy(g, a);
        TestDevice device = claimed(g);
        Map<String, Consumer<ObjectNode>> faults = new java.util.LinkedHashMap<>();
        faults.put("ManifestVersion", b -> b.remove("ManifestVersion"));
        faults.put("ManifestVersion ", b -> b.put("ManifestVersion", 0));
        faults.put("ManifestVersion  ", b -> b.put("ManifestVersion", "1"));
        faults.put("ManifestVersion   ", b -> b.put("ManifestVersion", 1.5));
        faults.put("ManifestVersion    ", b -> b.put("ManifestVersion", new BigInteger("99999999999999999999")));
        faults.put("Deployment", b -> b.put("Deployment", "not-a-guid"));
        faults.put("Deployment ", b -> b.put("Deployment", 7));
        faults.put("Outcome", b -> b.remove("Outcome"));
        faults.put("Outcome ", b -> b.put("Outcome", "installed"));
        faults.put("Outcome  ", b -> b.put("Outcome", "Succeeded"));
        faults.put("Detail", b -> b.remove("Detail"));
        faults.put("Detail ", b -> b.put("Detail", "x".repeat(1025)));
        faults.put("Detail  ", b -> b.put("Detail", 3));
        faults.put("InstalledImages", b -> b.remove("InstalledImages"));
        faults.put("InstalledImages ", b -> b.put("InstalledImages", "none"));
        faults.put("InstalledImages  ", b -> {
            ArrayNode many = b.putArray("InstalledImages");
            for (int i = 0; i < 65; i++) {
                many.addObject().put("ImageId", new UUID(0, i).toString()).put("ComponentId", new UUID(1, i).toString()).put("Version", "1.0");
            }
        });
        faults.put("InstalledImages[0]", b -> ((ArrayNode) b.get("InstalledImages")).set(0, ServiceHttps.JSON.getNodeFactory().textNode("x")));
        faults.put("InstalledImages[0].ImageId", b -> ((ObjectNode) b.get("InstalledImages").get(0)).remove("ImageId"));
        faults.put("InstalledImages[0].ComponentId", b -> ((ObjectNode) b.get("InstalledImages").get(0)).put("ComponentId", "{" + UUID.randomUUID() + "}"));
        faults.put("InstalledImages[0].Version", b -> ((ObjectNode) b.get("InstalledImages").get(0)).put("Version", "1.0-beta"));
        faults.put("InstalledImages[0].Version ", b -> ((ObjectNode) b.get("InstalledImages").get(0)).remove("Version"));
        faults.put("InstalledImages[0].Size", b -> ((ObjectNode) b.get("InstalledImages").get(0)).put("Size", 10));
        faults.put("InstalledImages[1].ImageId", b -> ((ArrayNode) b.get("InstalledImages")).add(b.get("InstalledImages").get(0).deepCopy()));
        faults.put("Extra", b -> b.put("Extra", true));
        try (ServiceHttps https = device.client()) {
            for (Map.Entry<String, Consumer<ObjectNode>> fault : faults.entrySet()) {
                ObjectNode body = goodReport(d, a);
                fault.getValue().accept(body);
                ServiceHttps.Reply r = https.post(REPORT, body.toString(), null);
                String field = fault.getKey().strip();
                assertEquals(400, r.status(), field + ": " + body);
                assertTrue(r.error().startsWith(field), field + " named in: " + r.error());
                assertFalse(r.error().contains("\n"), r.error());
            }
            for (String notAReport : List.of("[]", "7", "{\"ManifestVersion\": 1,", "{\"Outcome\":\"Failed\",\"Outcome\":\"Failed\"}")) {
                ServiceHttps.Reply r = https.post(REPORT, notAReport, null);
                assertEquals(400, r.status(), notAReport);
            }
        }
        assertEquals(Optional.empty(), service.store().lastUpdateReport(device.id()), "none of them was kept");
    }

    @Test
    void theTenantSeesEachDevicesDeploymentStatusTargetedImagesAndHistory() throws Exception {
        DeviceGroup g = group("Views", UpdatePolicy.UPDATE_ALL);
        Image a = image("1.0.0");
        Image b = image("1.0.1");
        Deployment d1 = deploy(g, a);
        TestDevice device = claimed(g);
        Deployment d2;
        try (ServiceHttps https = ServiceHttps.anonymous(service.port(), ROOT)) {
            JsonNode before = https.get(path(tenant, device, "deployment-status"), reader).json();
            assertEquals(device.id(), before.path("DeviceId").asText());
            assertEquals(g.id().toString(), before.path("DeviceGroupId").asText());
            for (String none : List.of("TargetedDeployment", "LastManifest", "LastReport")) {
                assertTrue(before.has(none) && before.get(none).isNull(), none + " is null before any manifest");
            }
            JsonNode targeted = https.get(path(tenant, device, "targeted-images"), reader).json();
            assertEquals(1, targeted.path("Images").size());
            assertEquals(reparsed(ImagesAndDeployments.image(a)), targeted.path("Images").get(0));
        }
        try (ServiceHttps https = device.client()) {
            https.get(MANIFEST, null);
            d2 = deploy(g, b);
            https.get(MANIFEST, null);
            deploy(g, a);
            https.get(MANIFEST, null);
            https.post(REPORT, goodReport(d2, b).put("ManifestVersion", 2).toString(), null);
        }
        try (ServiceHttps https = ServiceHttps.anonymous(service.port(), ROOT)) {
            JsonNode status = https.get(path(tenant, device, "deployment-status"), reader).json();
            Deployment d3 = service.store().currentDeployment(tenant.id(), g.id()).orElseThrow();
            assertEquals(reparsed(ImagesAndDeployments.deployment(d3)), status.path("TargetedDeployment"));
            assertEquals(3, status.path("LastManifest").path("Version").asLong());
            assertEquals(T0.toString(), status.path("LastManifest").path("Issued").asText());
            assertEquals(T0.plus(Duration.ofDays(7)).toString(), status.path("LastManifest").path("Expires").asText());
            assertEquals(2, status.path("LastReport").path("ManifestVersion").asLong());
            assertEquals(d2.id().toString(), status.path("LastReport").path("Deployment").asText());

            JsonNode page1 = https.get(path(tenant, device, "deployment-history") + "?maxPageSize=2", admin).json();
            assertEquals(2, page1.path("Items").size());
            assertEquals(d3.id().toString(), page1.path("Items").get(0).path("DeploymentId").asText(), "newest first");
            assertEquals(3, page1.path("Items").get(0).path("ManifestVersion").asLong());
            assertEquals(T0.toString(), page1.path("Items").get(0).path("Targeted").asText());
            JsonNode page2 = https.get(path(tenant, device, "deployment-history") + "?maxPageSize=2&continuationToken="
                    + page1.path("ContinuationToken").asText(), admin).json();
            assertEquals(1, page2.path("Items").size());
            assertEquals(d1.id().toString(), page2.path("Items").get(0).path("DeploymentId").asText());
            assertFalse(page2.has("ContinuationToken"));

            // Moved to a group that takes no app updates: it would be targeted with nothing now.
            service.store().moveDevice(tenant.id(), device.id(), group("Views Frozen", UpdatePolicy.NO_3RD_PARTY_APP_UPDATES).id());
            assertEquals(0, https.get(path(tenant, device, "targeted-images"), reader).json().path("Images").size());
            TestDevice loose = claimed(null);
            JsonNode looseStatus = https.get(path(tenant, loose, "deployment-status"), reader).json();
            assertTrue(looseStatus.path("DeviceGroupId").isNull());
            assertEquals(0, https.get(path(tenant, loose, "targeted-images"), reader).json().path("Images").size());
        }
    }

    @Test
    void anotherTenantsDeviceIsNotFoundAndATokenIsNeeded() throws Exception {
        DeviceGroup g = group("Isolation", UpdatePolicy.UPDATE_ALL);
        deploy(g, image("1.0.0"));
        TestDevice device = claimed(g);
        try (ServiceHttps mine = device.client()) {
            assertEquals(200, mine.get(MANIFEST, null).status());
        }
        Tenant other = service.store().createTenant("Fabrikam");
        String otherToken = service.store().issueToken(other.id(), Role.ADMINISTRATOR);
        try (ServiceHttps https = ServiceHttps.anonymous(service.port(), ROOT)) {
            for (String view : List.of("deployment-status", "targeted-images", "deployment-history")) {
                assertEquals(404, https.get(path(other, device, view), otherToken).status(), view + ": another tenant's device");
                assertEquals(404, https.get(path(tenant, device, view), otherToken).status(), view + ": another tenant's path");
                assertEquals(401, https.get(path(tenant, device, view), null).status(), view + ": no token");
                assertEquals(200, https.get(path(tenant, device, view), reader).status(), view + ": a Reader reads");
                assertEquals(404, https.get(path(tenant, unclaimed(), view), reader).status(), view + ": an unclaimed device");
            }
        }
    }
}
