package io.sphaera.service.http;

import static io.sphaera.service.http.LoopbackService.MANIFEST;
import static io.sphaera.service.http.LoopbackService.REPORT;
import static io.sphaera.service.http.LoopbackService.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sphaera.firmware.update.UpdateManifest;
import io.sphaera.firmware.update.UpdatePhase;
import io.sphaera.service.store.Deployment;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.Image;
import io.sphaera.service.store.OsFeed;
import io.sphaera.service.store.Role;
import io.sphaera.service.store.Tenant;
import io.sphaera.service.store.UpdatePolicy;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The update endpoints of a running service, over TLS on loopback: a device's signed manifest and its reports over
 * mutual TLS with its certificate, and its tenant's views of them over the admin face.
 */
class DeviceUpdatesOverTlsTest {
    @RegisterExtension
    static final LoopbackService service = new LoopbackService(Map.of());

    private static DeviceGroup group(String name, UpdatePolicy policy) {
        return service.group(name, OsFeed.RETAIL, policy);
    }

    private static String path(Tenant t, TestDevice d, String view) {
        return "/v2/tenants/" + t.id() + "/devices/" + d.id() + "/" + view;
    }

    /** The path of a view of the tenant's device {@code d}. */
    private static String path(TestDevice d, String view) {
        return path(service.tenant(), d, view);
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

    /** A report that the device installed its deployment's image. */
    private static ObjectNode goodReport(DeployedDevice x) {
        return goodReport(x.deployment(), x.image());
    }

    @Test
    void theManifestIsTheSignedEnvelopeEachDeviceGetsAgainUntilItsDeploymentChanges() throws Exception {
        DeployedDevice v1 = DeployedDevice.in(service, "Manifests", "1.0.0");
        Image a = v1.image();
        TestDevice device = v1.device();
        try (ServiceHttps https = device.client()) {
            ServiceHttps.Reply first = https.get(MANIFEST, null);
            assertEquals(200, first.status(), first::toString);
            assertTrue(first.contentType().startsWith("application/json"), first.contentType());
            UpdateManifest m1 = service.verify(first.body(), device.id(), 0);
            assertEquals(1, m1.version());
            assertEquals(Optional.of(v1.deployment().id()), m1.deployment());
            assertEquals(List.of(a.imageId()), m1.images(UpdatePhase.APPS).stream().map(t -> t.imageId()).toList());
            assertArrayEquals(first.body(), https.get(MANIFEST, null).body(), "asked again: the same bytes");

            Image b = service.app("1.1.0");
            Deployment d2 = service.deploy(v1.group(), b, a);
            UpdateManifest m2 = service.verify(https.get(MANIFEST, null).body(), device.id(), 1);
            assertEquals(2, m2.version());
            assertEquals(Optional.of(d2.id()), m2.deployment());
            assertEquals(List.of(b.imageId(), a.imageId()), m2.images(UpdatePhase.APPS).stream().map(t -> t.imageId()).toList());

            DeviceGroup frozen = group("Manifests Frozen", UpdatePolicy.NO_UPDATES);
            service.store().moveDevice(service.tenant().id(), device.id(), frozen.id());
            UpdateManifest m3 = service.verify(https.get(MANIFEST, null).body(), device.id(), 2);
            assertEquals(3, m3.version());
            assertEquals(Optional.empty(), m3.deployment());
            assertEquals(List.of(), m3.images(UpdatePhase.APPS));
        }
        try (ServiceHttps https = service.anonymous()) {
            JsonNode history = https.get(path(device, "deployment-history"), service.reader()).json();
            assertEquals(2, history.path("Items").size());
            assertEquals(1, history.path("Items").get(1).path("ManifestVersion").asLong());
            JsonNode status = https.get(path(device, "deployment-status"), service.reader()).json();
            assertEquals(3, status.path("LastManifest").path("Version").asLong());
            assertTrue(status.path("TargetedDeployment").isNull(), "its last manifest named none");
        }
    }

    @Test
    void aDeviceDownloadsTheImagesItsManifestNamedAfterANewerDeploymentIsMade() throws Exception {
        DeployedDevice older = DeployedDevice.in(service, "Downloads", "1.0.0");
        Image old = older.image();
        try (ServiceHttps https = older.device().client()) {
            assertEquals(200, https.get(MANIFEST, null).status());
            service.deploy(older.group(), service.app("2.0.0"));
            ServiceHttps.Reply part = https.get("/v1/device/images/" + old.imageId(), null);
            assertEquals(200, part.status(), "named by the manifest the device is acting on");
            assertEquals(old.record().size(), part.body().length);
            assertEquals(404, https.get("/v1/device/images/" + service.app("3.0.0").imageId(), null).status(), "deployed to no one");
        }
    }

    @Test
    void anUnclaimedDeviceGetsAManifestThatNamesNothing() throws Exception {
        TestDevice device = service.unclaimed();
        try (ServiceHttps https = device.client()) {
            ServiceHttps.Reply reply = https.get(MANIFEST, null);
            assertEquals(200, reply.status());
            UpdateManifest m = service.verify(reply.body(), device.id(), 0);
            assertEquals(1, m.version());
            assertEquals(Optional.empty(), m.deployment());
            assertEquals(T0.plus(Duration.ofDays(7)), m.expires());
        }
    }

    @Test
    void withoutADeviceCertificateTheUpdateCallsAre401() throws Exception {
        try (ServiceHttps https = service.anonymous()) {
            for (ServiceHttps.Reply r : List.of(https.get(MANIFEST, null), https.post(REPORT, "{}", null))) {
                assertEquals(401, r.status());
                assertEquals("Unauthorized", r.json().path("code").asText());
                assertFalse(r.error().isEmpty() || r.error().contains("\n"), r.error());
            }
        }
    }

    @Test
    void aGoodReportIsKeptAndItsTenantSeesIt() throws Exception {
        DeployedDevice reporting = DeployedDevice.in(service, "Reports", "1.2.0");
        try (ServiceHttps https = reporting.device().client()) {
            assertEquals(200, https.get(MANIFEST, null).status());
            ServiceHttps.Reply accepted = https.post(REPORT, goodReport(reporting).toString(), null);
            assertEquals(200, accepted.status(), accepted::toString);
            assertEquals(ServiceHttps.JSON.readTree("{\"Accepted\":true}"), accepted.json());
            ObjectNode rolledBack = goodReport(reporting).put("Outcome", "RolledBack").putNull("Deployment");
            rolledBack.remove("Deployment");
            assertEquals(200, https.post(REPORT, rolledBack.toString(), null).status(), "Deployment may be absent");
            assertEquals(200, https.post(REPORT, goodReport(reporting).putNull("Deployment").put("Outcome", "Failed").toString(), null)
                    .status(), "or null");
        }
        try (ServiceHttps https = service.anonymous()) {
            JsonNode last = https.get(path(reporting.device(), "deployment-status"), service.reader()).json().path("LastReport");
            assertEquals("Failed", last.path("Outcome").asText());
            assertEquals("2 apps running", last.path("Detail").asText());
            assertEquals(1, last.path("ManifestVersion").asLong());
            assertTrue(last.path("Deployment").isNull());
            assertEquals(T0.toString(), last.path("Reported").asText());
            assertEquals(reporting.image().imageId().toString(), last.path("InstalledImages").get(0).path("ImageId").asText());
            assertEquals("1.2.0", last.path("InstalledImages").get(0).path("Version").asText());
        }
    }

    @Test
    void eachMalformedFieldOfAReportIsRefusedByName() throws Exception {
        DeployedDevice reporting = DeployedDevice.in(service, "Bad Reports", "1.0.0");
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
        try (ServiceHttps https = reporting.device().client()) {
            for (Map.Entry<String, Consumer<ObjectNode>> fault : faults.entrySet()) {
                ObjectNode body = goodReport(reporting);
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
        assertEquals(Optional.empty(), service.store().lastUpdateReport(reporting.device().id()), "none of them was kept");
    }

    @Test
    void theTenantSeesEachDevicesDeploymentStatusTargetedImagesAndHistory() throws Exception {
        DeployedDevice viewed = DeployedDevice.in(service, "Views", "1.0.0");
        DeviceGroup g = viewed.group();
        Image a = viewed.image();
        TestDevice device = viewed.device();
        Image b = service.app("1.0.1");
        Deployment d2;
        try (ServiceHttps https = service.anonymous()) {
            JsonNode before = https.get(path(device, "deployment-status"), service.reader()).json();
            assertEquals(device.id(), before.path("DeviceId").asText());
            assertEquals(g.id().toString(), before.path("DeviceGroupId").asText());
            for (String none : List.of("TargetedDeployment", "LastManifest", "LastReport")) {
                assertTrue(before.has(none) && before.get(none).isNull(), none + " is null before any manifest");
            }
            JsonNode targeted = https.get(path(device, "targeted-images"), service.reader()).json();
            assertEquals(1, targeted.path("Images").size());
            assertEquals(reparsed(ImagesAndDeployments.image(a)), targeted.path("Images").get(0));
        }
        try (ServiceHttps https = device.client()) {
            https.get(MANIFEST, null);
            d2 = service.deploy(g, b);
            https.get(MANIFEST, null);
            service.deploy(g, a);
            https.get(MANIFEST, null);
            https.post(REPORT, goodReport(d2, b).put("ManifestVersion", 2).toString(), null);
        }
        try (ServiceHttps https = service.anonymous()) {
            JsonNode status = https.get(path(device, "deployment-status"), service.reader()).json();
            Deployment d3 = service.store().currentDeployment(service.tenant().id(), g.id()).orElseThrow();
            assertEquals(reparsed(ImagesAndDeployments.deployment(d3)), status.path("TargetedDeployment"));
            assertEquals(3, status.path("LastManifest").path("Version").asLong());
            assertEquals(T0.toString(), status.path("LastManifest").path("Issued").asText());
            assertEquals(T0.plus(Duration.ofDays(7)).toString(), status.path("LastManifest").path("Expires").asText());
            assertEquals(2, status.path("LastReport").path("ManifestVersion").asLong());
            assertEquals(d2.id().toString(), status.path("LastReport").path("Deployment").asText());

            JsonNode page1 = https.get(path(device, "deployment-history") + "?maxPageSize=2", service.admin()).json();
            assertEquals(2, page1.path("Items").size());
            assertEquals(d3.id().toString(), page1.path("Items").get(0).path("DeploymentId").asText(), "newest first");
            assertEquals(3, page1.path("Items").get(0).path("ManifestVersion").asLong());
            assertEquals(T0.toString(), page1.path("Items").get(0).path("Targeted").asText());
            JsonNode page2 = https.get(path(device, "deployment-history") + "?maxPageSize=2&continuationToken="
                    + page1.path("ContinuationToken").asText(), service.admin()).json();
            assertEquals(1, page2.path("Items").size());
            assertEquals(viewed.deployment().id().toString(), page2.path("Items").get(0).path("DeploymentId").asText());
            assertFalse(page2.has("ContinuationToken"));

            // Moved to a group that takes no app updates: it would be targeted with nothing now.
            DeviceGroup frozen = group("Views Frozen", UpdatePolicy.NO_3RD_PARTY_APP_UPDATES);
            service.store().moveDevice(service.tenant().id(), device.id(), frozen.id());
            assertEquals(0, https.get(path(device, "targeted-images"), service.reader()).json().path("Images").size());
            TestDevice loose = service.claimed();
            JsonNode looseStatus = https.get(path(loose, "deployment-status"), service.reader()).json();
            assertTrue(looseStatus.path("DeviceGroupId").isNull());
            assertEquals(0, https.get(path(loose, "targeted-images"), service.reader()).json().path("Images").size());
        }
    }

    @Test
    void anotherTenantsDeviceIsNotFoundAndATokenIsNeeded() throws Exception {
        TestDevice device = DeployedDevice.in(service, "Isolation", "1.0.0").device();
        try (ServiceHttps mine = device.client()) {
            assertEquals(200, mine.get(MANIFEST, null).status());
        }
        Tenant other = service.store().createTenant("Fabrikam");
        String otherToken = service.store().issueToken(other.id(), Role.ADMINISTRATOR);
        try (ServiceHttps https = service.anonymous()) {
            for (String view : List.of("deployment-status", "targeted-images", "deployment-history")) {
                assertEquals(404, https.get(path(other, device, view), otherToken).status(), view + ": another tenant's device");
                assertEquals(404, https.get(path(device, view), otherToken).status(), view + ": another tenant's path");
                assertEquals(401, https.get(path(device, view), null).status(), view + ": no token");
                assertEquals(200, https.get(path(device, view), service.reader()).status(), view + ": a Reader reads");
                assertEquals(404, https.get(path(service.unclaimed(), view), service.reader()).status(), view + ": an unclaimed device");
            }
        }
    }
}
