package io.sphaera.service.http;

import static io.sphaera.service.http.LoopbackService.MANIFEST;
import static io.sphaera.service.http.LoopbackService.REPORT;
import static io.sphaera.service.http.LoopbackService.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.update.TargetImage;
import io.sphaera.firmware.update.UpdateManifest;
import io.sphaera.firmware.update.UpdatePhase;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.OsFeed;
import io.sphaera.service.store.PageRequest;
import io.sphaera.service.store.Product;
import io.sphaera.service.store.Role;
import io.sphaera.service.store.Tenant;
import io.sphaera.service.store.UpdatePolicy;
import io.sphaera.service.update.RolloutStages;
import io.sphaera.service.update.TestReleases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Staged rollouts and OS releases through a running service over TLS: deployments made with stages and a threshold
 * on the admin face, devices asking for manifests and posting reports over mutual TLS, the rollout advancing, pausing
 * and resuming, and the system images of a device's release served with ranges.
 */
class RolloutsOverTlsTest {
    /** Retail carries 25.02 (25.05 is a day old); RetailEval carries 25.05. */
    private static final List<byte[]> OLD = TestReleases.release("25.02", T0.minus(Duration.ofDays(90)));
    private static final List<byte[]> NEW = TestReleases.release("25.05", T0.minus(Duration.ofDays(1)));

    @RegisterExtension
    static final LoopbackService service = new LoopbackService(Map.of("25.02", OLD, "25.05", NEW));

    private static String deployments(DeviceGroup g) {
        return "/v2/tenants/" + service.tenant().id() + "/devicegroups/" + g.id() + "/deployments";
    }

    private static ServiceHttps.Reply deploy(ServiceHttps https, DeviceGroup g, String extra, String token) throws Exception {
        return https.post(deployments(g), "{\"ImageIds\": [\"" + service.app("1.0").imageId() + "\"]" + extra + "}", token);
    }

    private static UpdateManifest manifest(TestDevice d) throws Exception {
        try (ServiceHttps https = d.client()) {
            ServiceHttps.Reply r = https.get(MANIFEST, null);
            assertEquals(200, r.status(), r::toString);
            return service.verify(r.body(), d.id(), 0);
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
        DeviceGroup g = service.group("Plans", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL);
        service.claimed(g); // a device that never reports: the rollouts stay in progress
        try (ServiceHttps https = service.anonymous()) {
            ServiceHttps.Reply plain = deploy(https, g, "", service.admin());
            assertEquals(200, plain.status(), plain::toString);
            JsonNode d = plain.json();
            assertEquals("InProgress", d.path("State").asText());
            assertEquals(ServiceHttps.JSON.readTree("[0.1, 0.5, 1.0]"), d.path("Stages"));
            assertEquals(0.2, d.path("FailureThreshold").asDouble());
            ServiceHttps.Reply own = deploy(https, g, ", \"Stages\": [0.25, 1], \"FailureThreshold\": 0", service.admin());
            assertEquals(200, own.status(), own::toString);
            assertEquals(ServiceHttps.JSON.readTree("[0.25, 1]"), own.json().path("Stages"));
            assertEquals(0, own.json().path("FailureThreshold").asInt());

            JsonNode list = https.get(deployments(g), service.reader()).json().path("Items");
            assertEquals(2, list.size());
            assertEquals("InProgress", list.get(0).path("State").asText(), "newest first");
            assertEquals("Superseded", list.get(1).path("State").asText());
            assertEquals(own.json().path("Id"), list.get(0).path("Id"));
        }
    }

    @Test
    void badStagesOrThresholdsAreOneLine400sAndMakeNoDeployment() throws Exception {
        DeviceGroup g = service.group("Bad Plans", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL);
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
        try (ServiceHttps https = service.anonymous()) {
            for (Map.Entry<String, String> f : faults.entrySet()) {
                ServiceHttps.Reply r = deploy(https, g, f.getKey(), service.admin());
                assertEquals(400, r.status(), f.getKey());
                assertTrue(r.error().startsWith(f.getValue()), f.getKey() + ": " + r.error());
                assertFalse(r.error().contains("\n"), r.error());
            }
            assertEquals(403, deploy(https, g, "", service.reader()).status(), "a Reader deploys nothing");
            assertEquals(0, https.get(deployments(g), service.reader()).json().path("Items").size());
        }
    }

    @Test
    void devicesReportsMoveTheRolloutWhichPausesAndResumes() throws Exception {
        DeviceGroup g = service.group("Rollout", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL);
        List<TestDevice> devices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            devices.add(service.claimed(g));
        }
        String plan = ", \"Stages\": [0.5, 1.0], \"FailureThreshold\": 0.2";
        UUID v1;
        UUID v2;
        try (ServiceHttps https = service.anonymous()) {
            v1 = UUID.fromString(deploy(https, g, plan, service.admin()).json().path("Id").asText());
        }
        String rollout1 = deployments(g) + "/" + v1 + "/rollout";
        Map<TestDevice, UpdateManifest> given = new LinkedHashMap<>();
        for (TestDevice d : devices) {
            given.put(d, manifest(d));
        }
        List<TestDevice> first = devices.stream().filter(d -> given.get(d).deployment().isPresent()).toList();
        assertEquals(2, first.size(), "stage 1: half of 4");
        List<String> expected = RolloutStages.of(v1, service.store().rollout(service.tenant().id(), v1).orElseThrow().plan(),
                devices.stream().map(TestDevice::id).toList()).devices(1);
        assertEquals(expected, first.stream().map(TestDevice::id).sorted((a, b) -> expected.indexOf(a) - expected.indexOf(b)).toList());
        try (ServiceHttps https = service.anonymous()) {
            JsonNode r = https.get(rollout1, service.reader()).json();
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
        try (ServiceHttps https = service.anonymous()) {
            JsonNode r = https.get(rollout1, service.reader()).json();
            assertEquals("Complete", r.path("State").asText());
            assertEquals(2, r.path("Stages").get(1).path("Installed").asInt());
            v2 = UUID.fromString(deploy(https, g, plan, service.admin()).json().path("Id").asText());
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
        try (ServiceHttps https = service.anonymous()) {
            JsonNode r = https.get(rollout2, service.reader()).json();
            assertEquals("Paused", r.path("State").asText());
            assertTrue(r.path("PausedReason").asText().startsWith("1 of the 2 devices reached reported RolledBack"), r.toString());
            assertEquals(1, r.path("Stages").get(0).path("Failed").asInt());
            assertEquals("Paused", r.path("Stages").get(0).path("State").asText());
            JsonNode listed = https.get(deployments(g), service.reader()).json().path("Items");
            assertEquals("Paused", listed.get(0).path("State").asText());
            assertEquals("Complete", listed.get(1).path("State").asText());

            assertEquals(403, https.post(rollout2 + "/resume", "{}", service.reader()).status(), "a Reader resumes nothing");
            ServiceHttps.Reply resumed = https.post(rollout2 + "/resume", "{}", service.admin());
            assertEquals(200, resumed.status(), resumed::toString);
            assertEquals("InProgress", resumed.json().path("State").asText());
            assertFalse(resumed.json().has("PausedReason"));
            ServiceHttps.Reply again = https.post(rollout2 + "/resume", "{}", service.admin());
            assertEquals(409, again.status());
            assertTrue(again.error().contains("only a Paused rollout is resumed"), again.error());
            assertEquals(409, https.post(rollout1 + "/resume", "", service.admin()).status(), "a complete rollout");

            DeviceGroup other = service.group("Rollout Other", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL);
            assertEquals(404, https.get(deployments(other) + "/" + v2 + "/rollout", service.reader()).status(), "another group's path");
            assertEquals(404, https.post(deployments(other) + "/" + v2 + "/rollout/resume", "", service.admin()).status());
            assertEquals(404, https.get(deployments(g) + "/" + UUID.randomUUID() + "/rollout", service.reader()).status());
            Tenant stranger = service.store().createTenant("Rollout Stranger");
            String theirs = service.store().issueToken(stranger.id(), Role.ADMINISTRATOR);
            assertEquals(404, https.get(rollout2.replace(service.tenant().id().toString(), stranger.id().toString()), theirs).status());
            assertEquals(404, https.get(rollout2, theirs).status());
            assertEquals(401, https.get(rollout2, null).status());
        }
    }

    @Test
    void aDeviceDownloadsTheSystemImagesOfItsReleaseWithRangesAndNoOthers() throws Exception {
        TestDevice eval = service.claimed(service.group("Eval", OsFeed.RETAIL_EVAL, UpdatePolicy.UPDATE_ALL));
        TestDevice retail = service.claimed(service.group("Retail", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL));
        TestDevice frozen = service.claimed(service.group("Frozen", OsFeed.RETAIL_EVAL, UpdatePolicy.NO_UPDATES));
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
        TestDevice stranger = service.unclaimed();
        assertEquals("25.02", manifest(stranger).images(UpdatePhase.OS).get(2).version());
        try (ServiceHttps https = stranger.client()) {
            assertEquals(200, https.get("/v1/device/images/" + oldMonitor, null).status(), "an unclaimed device: Retail's release");
            assertEquals(404, https.get("/v1/device/images/" + newKernel, null).status());
        }
    }

    @Test
    void theRetailGroupsOfAProductListTheirDeploymentsState() throws Exception {
        Product p = service.store().createProduct(service.tenant().id(), "Defaults", "", true);
        DeviceGroup field = service.store().deviceGroups(service.tenant().id(), p.id(), PageRequest.first(10)).items().stream()
                .filter(x -> x.name().equals("Field Test")).findFirst().orElseThrow();
        try (ServiceHttps https = service.anonymous()) {
            deploy(https, field, "", service.admin());
            JsonNode item = https.get(deployments(field), service.reader()).json().path("Items").get(0);
            assertEquals("Complete", item.path("State").asText(), "a group without devices: nobody to wait for");
        }
    }
}
