package io.sphaera.service.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.firmware.update.TargetImage;
import io.sphaera.firmware.update.UpdateAuthority;
import io.sphaera.firmware.update.UpdateManifest;
import io.sphaera.firmware.update.UpdateManifestVerifier;
import io.sphaera.firmware.update.UpdatePhase;
import io.sphaera.service.SecurityService;
import io.sphaera.service.pki.ServicePki;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.Image;
import io.sphaera.service.store.ImageRecord;
import io.sphaera.service.store.OsFeed;
import io.sphaera.service.store.PageRequest;
import io.sphaera.service.store.Product;
import io.sphaera.service.store.Role;
import io.sphaera.service.store.Tenant;
import io.sphaera.service.store.UpdatePolicy;
import io.sphaera.service.update.RolloutStages;
import io.sphaera.service.update.TestReleases;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staged rollouts and OS releases through a running service over TLS: deployments made with stages and a threshold
 * on the admin face, devices asking for manifests and posting reports over mutual TLS, the rollout advancing, pausing
 * and resuming, and the system images of a device's release served with ranges.
 */
class RolloutsOverTlsTest {
    private static final Instant T0 = Instant.parse("2026-06-01T09:30:00Z");
    private static final InstantSource CLOCK = InstantSource.fixed(T0);
    private static final CertificateAuthority ROOT = CertificateAuthority.selfSigned(SigningKey.generate(new SplittableRandom(1)),
            "Sphaera Root", T0.minus(Duration.ofDays(100)), T0.plus(Duration.ofDays(3650)), BigInteger.ONE);
    private static final UpdateManifestVerifier DEVICE_CHECK = new UpdateManifestVerifier(List.of(),
            new UpdateAuthority(ROOT.key().verificationKey(), UpdateAuthority.SERVICE_UPDATE_CA));
    /** Retail carries 25.02 (25.05 is a day old); RetailEval carries 25.05. */
    private static final List<byte[]> OLD = TestReleases.release("25.02", T0.minus(Duration.ofDays(90)));
    private static final List<byte[]> NEW = TestReleases.release("25.05", T0.minus(Duration.ofDays(1)));
    private static final String MANIFEST = "/v1/device/update-manifest";
    private static final String REPORT = "/v1/device/update-report";

    @TempDir
    static Path dir;
    private static EventLoopGroup loops;
    private static SecurityService service;
    private static final SplittableRandom RANDOM = new SplittableRandom(23);
    private static Tenant tenant;
    private static String admin;
    private static String reader;
    private static Product product;

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
        service = SecurityService.start(new SecurityService.Config(dir.resolve("service"), ROOT, manufacturing,
                Map.of("25.02", OLD, "25.05", NEW), new InetSocketAddress("127.0.0.1", 0)), CLOCK, new SplittableRandom(3), loops, loops);
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

    private static DeviceGroup group(String name, OsFeed feed, UpdatePolicy policy) {
        return service.store().createDeviceGroup(tenant.id(), product.id(), name, "", feed, policy);
    }

    private static UUID image() {
        byte[] bytes = new byte[64];
        RANDOM.nextBytes(bytes);
        ImageRecord r = new ImageRecord(new UUID(RANDOM.nextLong(), RANDOM.nextLong()), new UUID(RANDOM.nextLong(), RANDOM.nextLong()),
                ImageKind.APPLICATIONS.code(), "app", "1.0", 1, HexFormat.of().formatHex(Sha256.of(bytes)), bytes.length);
        Image i = service.store().addImage(tenant.id(), r, bytes);
        return i.imageId();
    }

    private static TestDevice unclaimed() {
        byte[] raw = new byte[64];
        RANDOM.nextBytes(raw);
        String id = HexFormat.of().formatHex(raw);
        SigningKey key = SigningKey.generate(RANDOM);
        return new TestDevice(id, key, certificate(service.pki().deviceCa(), id, key));
    }

    private static TestDevice claimed(DeviceGroup g) {
        TestDevice d = unclaimed();
        service.store().claimDevice(tenant.id(), d.id());
        service.store().moveDevice(tenant.id(), d.id(), g.id());
        return new TestDevice(d.id(), d.key(), certificate(service.tenantAuthorities().forTenant(tenant.id()), d.id(), d.key()));
    }

    private static byte[] certificate(CertificateAuthority ca, String id, SigningKey key) {
        return ca.issue(key.verificationKey(), id, T0.minus(Duration.ofMinutes(5)), T0.plus(Duration.ofHours(24)), ServicePki.serial(RANDOM));
    }

    private static String deployments(DeviceGroup g) {
        return "/v2/tenants/" + tenant.id() + "/devicegroups/" + g.id() + "/deployments";
    }

    private static ServiceHttps.Reply deploy(ServiceHttps https, DeviceGroup g, String extra, String token) throws Exception {
        return https.post(deployments(g), "{\"ImageIds\": [\"" + image() + "\"]" + extra + "}", token);
    }

    private static UpdateManifest manifest(TestDevice d) throws Exception {
        try (ServiceHttps https = d.client()) {
            ServiceHttps.Reply r = https.get(MANIFEST, null);
            assertEquals(200, r.status(), r::toString);
            return DEVICE_CHECK.verify(r.body(), new UpdateManifestVerifier.Expectations(d.id(), 0, null, T0)).manifest();
        }
    }

    private static void report(TestDevice d, UpdateManifest m, String outcome) throws Exception {
        ObjectNode body = ServiceHttps.JSON.createObjectNode().put("ManifestVersion", m.version())
                .put("Deployment", m.deployment().map(UUID::toString).orElse(null)).put("Outcome", outcome).put("Detail", outcome);
        body.putArray("InstalledImages");
        try (ServiceHttps https = d.client()) {
            ServiceHttps.Reply r = https.post(REPORT, body.toString(), null);
            assertEquals(200, r.status(), r::toString);
        }
    }

    @Test
    void aDeploymentTakesStagesAndAThresholdOrTheDefaults() throws Exception {
        DeviceGroup g = group("Plans", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL);
        claimed(g); // a device that never reports: the rollouts stay in progress
        try (ServiceHttps https = ServiceHttps.anonymous(service.port(), ROOT)) {
            ServiceHttps.Reply plain = deploy(https, g, "", admin);
            assertEquals(200, plain.status(), plain::toString);
            JsonNode d = plain.json();
            assertEquals("InProgress", d.path("State").asText());
            assertEquals(ServiceHttps.JSON.readTree("[0.1, 0.5, 1.0]"), d.path("Stages"));
            assertEquals(0.2, d.path("FailureThreshold").asDouble());
            ServiceHttps.Reply own = deploy(https, g, ", \"Stages\": [0.25, 1], \"FailureThreshold\": 0", admin);
            assertEquals(200, own.status(), own::toString);
            assertEquals(ServiceHttps.JSON.readTree("[0.25, 1]"), own.json().path("Stages"));
            assertEquals(0, own.json().path("FailureThreshold").asInt());

            JsonNode list = https.get(deployments(g), reader).json().path("Items");
            assertEquals(2, list.size());
            assertEquals("InProgress", list.get(0).path("State").asText(), "newest first");
            assertEquals("Superseded", list.get(1).path("State").asText());
            assertEquals(own.json().path("Id"), list.get(0).path("Id"));
        }
    }

    @Test
    void badStagesOrThresholdsAreOneLine400sAndMakeNoDeployment() throws Exception {
        DeviceGroup g = group("Bad Plans", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL);
        Map<String, String> faults = new LinkedHashMap<>();
        faults.put(", \"Stages\": \"0.1,1\"", "Stages");
        faults.put(", \"Stages\": []", "Stages");
        faults.put(", \"Stages\": [0.1, \"half\", 1]", "Stages[1]");
        faults.put(", \"Stages\": [0.5, 0.2, 1]", "Stages");
        faults.put(", \"Stages\": [0.5, 0.5, 1]", "Stages");
        faults.put(", \"Stages\": [0, 1]", "Stages");
        faults.put(", \"Stages\": [0.1, 0.5]", "Stages");
        faults.put(", \"Stages\": [0.5, 1.5]", "Stages");
        faults.put(", \"Stages\": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1]", "Stages");
        faults.put(", \"Stages\": [1e400]", "Stages[0]");
        faults.put(", \"FailureThreshold\": 1.5", "FailureThreshold");
        faults.put(", \"FailureThreshold\": -0.1", "FailureThreshold");
        faults.put(", \"FailureThreshold\": \"0.2\"", "FailureThreshold");
        faults.put(", \"FailureThreshold\": [0.2]", "FailureThreshold");
        try (ServiceHttps https = ServiceHttps.anonymous(service.port(), ROOT)) {
            for (Map.Entry<String, String> f : faults.entrySet()) {
                ServiceHttps.Reply r = deploy(https, g, f.getKey(), admin);
                assertEquals(400, r.status(), f.getKey());
                assertTrue(r.error().startsWith(f.getValue()), f.getKey() + ": " + r.error());
                assertFalse(r.error().contains("\n"), r.error());
            }
            assertEquals(403, deploy(https, g, "", reader).status(), "a Reader deploys nothing");
            assertEquals(0, https.get(deployments(g), reader).json().path("Items").size());
        }
    }

    @Test
    void devicesReportsMoveTheRolloutWhichPausesAndResumes() throws Exception {
        DeviceGroup g = group("Rollout", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL);
        List<TestDevice> devices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            devices.add(claimed(g));
        }
        String plan = ", \"Stages\": [0.5, 1.0], \"FailureThreshold\": 0.2";
        UUID v1;
        UUID v2;
        try (ServiceHttps https = ServiceHttps.anonymous(service.port(), ROOT)) {
            v1 = UUID.fromString(deploy(https, g, plan, admin).json().path("Id").asText());
        }
        String rollout1 = deployments(g) + "/" + v1 + "/rollout";
        Map<TestDevice, UpdateManifest> given = new LinkedHashMap<>();
        for (TestDevice d : devices) {
            given.put(d, manifest(d));
        }
        List<TestDevice> first = devices.stream().filter(d -> given.get(d).deployment().isPresent()).toList();
        assertEquals(2, first.size(), "stage 1: half of 4");
        List<String> expected = RolloutStages.of(v1, service.store().rollout(tenant.id(), v1).orElseThrow().plan(),
                devices.stream().map(TestDevice::id).toList()).devices(1);
        assertEquals(expected, first.stream().map(TestDevice::id).sorted((a, b) -> expected.indexOf(a) - expected.indexOf(b)).toList());
        try (ServiceHttps https = ServiceHttps.anonymous(service.port(), ROOT)) {
            JsonNode r = https.get(rollout1, reader).json();
            assertEquals(v1.toString(), r.path("DeploymentId").asText());
            assertEquals(g.id().toString(), r.path("DeviceGroupId").asText());
            assertEquals("InProgress", r.path("State").asText());
            assertEquals(0.2, r.path("FailureThreshold").asDouble());
            assertEquals(4, r.path("Devices").asInt());
            assertFalse(r.has("PausedReason"));
            assertEquals(ServiceHttps.JSON.readTree("{\"Stage\":1,\"Fraction\":0.5,\"Devices\":2,\"Installed\":0,\"Failed\":0,"
                    + "\"State\":\"InProgress\"}"), r.path("Stages").get(0));
            assertEquals("Pending", r.path("Stages").get(1).path("State").asText());
        }
        for (TestDevice d : first) {
            report(d, given.get(d), "Installed");
        }
        for (TestDevice d : devices) {
            given.put(d, manifest(d));
            assertEquals(java.util.Optional.of(v1), given.get(d).deployment(), "stage 2 reached: all four");
        }
        for (TestDevice d : devices) {
            if (!first.contains(d)) {
                report(d, given.get(d), "Installed");
            }
        }
        try (ServiceHttps https = ServiceHttps.anonymous(service.port(), ROOT)) {
            JsonNode r = https.get(rollout1, reader).json();
            assertEquals("Complete", r.path("State").asText());
            assertEquals(2, r.path("Stages").get(1).path("Installed").asInt());
            v2 = UUID.fromString(deploy(https, g, plan, admin).json().path("Id").asText());
        }
        String rollout2 = deployments(g) + "/" + v2 + "/rollout";
        TestDevice bad = null;
        for (TestDevice d : devices) {
            UpdateManifest m = manifest(d);
            if (m.deployment().equals(java.util.Optional.of(v2)) && bad == null) {
                bad = d;
                report(d, m, "RolledBack");
            }
        }
        try (ServiceHttps https = ServiceHttps.anonymous(service.port(), ROOT)) {
            JsonNode r = https.get(rollout2, reader).json();
            assertEquals("Paused", r.path("State").asText());
            assertTrue(r.path("PausedReason").asText().startsWith("1 of the 2 devices reached reported RolledBack"), r.toString());
            assertEquals(1, r.path("Stages").get(0).path("Failed").asInt());
            assertEquals("Paused", r.path("Stages").get(0).path("State").asText());
            JsonNode listed = https.get(deployments(g), reader).json().path("Items");
            assertEquals("Paused", listed.get(0).path("State").asText());
            assertEquals("Complete", listed.get(1).path("State").asText());

            assertEquals(403, https.post(rollout2 + "/resume", "{}", reader).status(), "a Reader resumes nothing");
            ServiceHttps.Reply resumed = https.post(rollout2 + "/resume", "{}", admin);
            assertEquals(200, resumed.status(), resumed::toString);
            assertEquals("InProgress", resumed.json().path("State").asText());
            assertFalse(resumed.json().has("PausedReason"));
            ServiceHttps.Reply again = https.post(rollout2 + "/resume", "{}", admin);
            assertEquals(409, again.status());
            assertTrue(again.error().contains("only a Paused rollout is resumed"), again.error());
            assertEquals(409, https.post(rollout1 + "/resume", "", admin).status(), "a complete rollout");

            DeviceGroup other = group("Rollout Other", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL);
            assertEquals(404, https.get(deployments(other) + "/" + v2 + "/rollout", reader).status(), "another group's path");
            assertEquals(404, https.post(deployments(other) + "/" + v2 + "/rollout/resume", "", admin).status());
            assertEquals(404, https.get(deployments(g) + "/" + UUID.randomUUID() + "/rollout", reader).status());
            Tenant stranger = service.store().createTenant("Rollout Stranger");
            String theirs = service.store().issueToken(stranger.id(), Role.ADMINISTRATOR);
            assertEquals(404, https.get(rollout2.replace(tenant.id().toString(), stranger.id().toString()), theirs).status());
            assertEquals(404, https.get(rollout2, theirs).status());
            assertEquals(401, https.get(rollout2, null).status());
        }
    }

    @Test
    void aDeviceDownloadsTheSystemImagesOfItsReleaseWithRangesAndNoOthers() throws Exception {
        TestDevice eval = claimed(group("Eval", OsFeed.RETAIL_EVAL, UpdatePolicy.UPDATE_ALL));
        TestDevice retail = claimed(group("Retail", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL));
        TestDevice frozen = claimed(group("Frozen", OsFeed.RETAIL_EVAL, UpdatePolicy.NO_UPDATES));
        List<TargetImage> os = manifest(eval).images(UpdatePhase.OS);
        assertEquals("25.05", os.get(2).version());
        assertEquals("25.02", manifest(retail).images(UpdatePhase.OS).get(2).version());
        assertEquals(List.of(), manifest(frozen).images(UpdatePhase.OS));
        UUID newKernel = ImagePackage.parse(NEW.get(2)).metadata().imageId();
        UUID oldMonitor = ImagePackage.parse(OLD.get(1)).metadata().imageId();
        assertEquals(newKernel, os.get(2).imageId());
        try (ServiceHttps https = eval.client()) {
            ServiceHttps.Reply whole = https.get("/v1/device/images/" + newKernel, null);
            assertEquals(200, whole.status(), whole::toString);
            assertArrayEquals(NEW.get(2), whole.body());
            assertArrayEquals(Sha256.of(whole.body()), os.get(2).sha256());
            ServiceHttps.Reply part = https.getRange("/v1/device/images/" + newKernel, "bytes=100-163");
            assertEquals(206, part.status());
            assertArrayEquals(Arrays.copyOfRange(NEW.get(2), 100, 164), part.body());
            assertEquals("bytes 100-163/" + NEW.get(2).length, part.header("Content-Range"));
            assertEquals(416, https.getRange("/v1/device/images/" + newKernel, "bytes=" + NEW.get(2).length + "-").status());
            ServiceHttps.Reply notMine = https.get("/v1/device/images/" + oldMonitor, null);
            assertEquals(404, notMine.status(), "25.02 is in no manifest of this device");
            assertEquals("NotFound", notMine.json().path("code").asText());
        }
        try (ServiceHttps https = retail.client()) {
            assertEquals(404, https.get("/v1/device/images/" + newKernel, null).status(), "Retail does not carry 25.05 yet");
            assertEquals(200, https.get("/v1/device/images/" + oldMonitor, null).status());
        }
        try (ServiceHttps https = frozen.client()) {
            assertEquals(404, https.get("/v1/device/images/" + newKernel, null).status(), "NoUpdates: no release");
        }
        TestDevice stranger = unclaimed();
        assertEquals("25.02", manifest(stranger).images(UpdatePhase.OS).get(2).version());
        try (ServiceHttps https = stranger.client()) {
            assertEquals(200, https.get("/v1/device/images/" + oldMonitor, null).status(), "an unclaimed device: Retail's release");
            assertEquals(404, https.get("/v1/device/images/" + newKernel, null).status());
        }
    }

    @Test
    void theRetailGroupsOfAProductListTheirDeploymentsState() throws Exception {
        Product p = service.store().createProduct(tenant.id(), "Defaults", "", true);
        DeviceGroup field = service.store().deviceGroups(tenant.id(), p.id(), PageRequest.first(10)).items().stream()
                .filter(x -> x.name().equals("Field Test")).findFirst().orElseThrow();
        try (ServiceHttps https = ServiceHttps.anonymous(service.port(), ROOT)) {
            deploy(https, field, "", admin);
            JsonNode item = https.get(deployments(field), reader).json().path("Items").get(0);
            assertEquals("Complete", item.path("State").asText(), "a group without devices: nobody to wait for");
        }
    }
}
