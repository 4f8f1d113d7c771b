package io.sphaera.emulator.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.ssl.SslContext;
import io.sphaera.emulator.device.DeviceSeams;
import io.sphaera.emulator.device.Factory;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.fuse.ManufacturingState;
import io.sphaera.service.SecurityService;
import io.sphaera.service.http.ServiceTls;
import io.sphaera.service.store.Role;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploading images (checked and production-signed), deploying them to a group, and a device asking for its own. */
class ImagesAndDeploymentsTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final InstantSource CLOCK = InstantSource.fixed(NOW);
    private static final SeededRandomness RANDOMNESS = new SeededRandomness(21);
    @TempDir
    static Path dir;
    private static EventLoopGroup loops;
    private static Workspace workspace;
    private static SecurityService service;
    private static SslContext tls;

    @BeforeAll
    static void start() throws Exception {
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        workspace = Workspace.create(dir.resolve("ws"), CLOCK, RANDOMNESS.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(32 * 1024, 32 * 1024, 64 * 1024));
        List<byte[]> images = new ArrayList<>();
        for (BootStage s : BootStage.values()) {
            images.add(workspace.release("25.02").images().get(s));
        }
        service = SecurityService.start(new SecurityService.Config(dir.resolve("service"), workspace.vendor().root(),
                workspace.vendor().manufacturingCa().certificateDer(), Map.of("25.02", images), new InetSocketAddress("127.0.0.1", 0),
                workspace.vendor().productionImagesKey()), CLOCK, RANDOMNESS.forParty("service"), loops, loops);
        tls = ServiceTls.client(workspace.vendor().root().certificateDer());
    }

    @AfterAll
    static void stop() {
        service.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static ServiceConnection connect(SslContext context) throws Exception {
        return ServiceConnection.open(loops, context, new InetSocketAddress("127.0.0.1", service.port())).get(10, TimeUnit.SECONDS);
    }

    private static byte[] app(String name, UUID component) {
        return app(name, component, UUID.nameUUIDFromBytes(name.getBytes()));
    }

    private static byte[] app(String name, UUID component, UUID imageId) {
        String manifest = "{\"SchemaVersion\":1,\"Name\":\"" + name + "\",\"ComponentId\":\"" + component + "\",\"EntryPoint\":\"/bin/app\"}";
        return new ImagePackageBuilder(ImageKind.APPLICATIONS, component).imageId(imageId)
                .buildTime(NOW).buildName(name).addFile("app_manifest.json", manifest.getBytes(StandardCharsets.UTF_8), false)
                .addFile("bin/app", new byte[] {0, 0x61, 0x73, 0x6d, 1, 0, 0, 0}, true)
                .sign(SigningKey.generate(new SplittableRandom(name.hashCode())));
    }

    private static ObjectNode json() {
        return ServiceConnection.json().createObjectNode();
    }

    /** A device, the certificate it attested for, and the image deployed to it (its ID and the stored SHA-256). */
    private record Deployed(Mt3620Device device, DeviceCertificate certificate, String imageId, String sha256) {
    }

    @Test
    void anUploadedAppIsProductionSignedDeployedAndFoundByItsDevices() throws Exception {
        deploy("Deployers", "lamp-1");
    }

    private Deployed deploy(String tenantName, String party) throws Exception {
        return deploy(tenantName, party, app(tenantName + " App", UUID.randomUUID()));
    }

    private Deployed deploy(String tenantName, String party, byte[] appPackage) throws Exception {
        var tenant = service.store().createTenant(tenantName);
        String admin = service.store().issueToken(tenant.id(), Role.ADMINISTRATOR);
        var product = service.store().createProduct(tenant.id(), "Lamp", "", true); // names are per tenant
        var group = service.store().deviceGroups(tenant.id(), product.id(), io.sphaera.service.store.PageRequest.first(10)).items().get(1);
        String base = "/v2/tenants/" + tenant.id();
        String imageId;
        String sha256;
        try (ServiceConnection c = connect(tls)) {
            ServiceReply added = c.send(HttpMethod.POST, base + "/images", appPackage, "application/octet-stream", admin)
                    .get(10, TimeUnit.SECONDS);
            assertEquals(200, added.status(), added::error);
            imageId = added.body().path("Id").asText();
            sha256 = added.body().path("Sha256").asText();
            byte[] stored = Files.readAllBytes(service.store().imagePath(added.body().path("Sha256").asText()).orElseThrow());
            assertEquals(workspace.vendor().productionImagesKey().id(), ImagePackage.parse(stored).metadata().signer(),
                    "the service production-signed the upload");
            ServiceReply deployed = c.send(HttpMethod.POST, base + "/devicegroups/" + group.id() + "/deployments",
                    json().set("ImageIds", ServiceConnection.json().createArrayNode().add(imageId)), admin).get(10, TimeUnit.SECONDS);
            assertEquals(200, deployed.status(), deployed::error);
        }
        DeviceSeams seams = new DeviceSeams(CLOCK, loops.next(), RANDOMNESS.forParty(party), () -> 0L);
        Mt3620Device device = new Factory(workspace.vendor(), workspace.release("25.02"), workspace.trustedKeyStoreImage())
                .manufacture(NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE), seams, ManufacturingState.DEVICE_COMPLETE);
        device.powerOn().get(10, TimeUnit.SECONDS);
        String id = device.pluton().deviceId().hex();
        service.store().claimDevice(tenant.id(), id);
        service.store().moveDevice(tenant.id(), id, group.id());
        DeviceCertificate cert = new DeviceAuthentication(loops, tls, new InetSocketAddress("127.0.0.1", service.port()))
                .authenticate(device).get(10, TimeUnit.SECONDS);
        try (ServiceConnection c = connect(DeviceTls.mutual(workspace.vendor().root().certificateDer(), device.pluton(), cert))) {
            ServiceReply mine = c.send(HttpMethod.GET, "/v1/device/deployment", null, null).get(10, TimeUnit.SECONDS);
            assertEquals(200, mine.status(), mine::error);
            assertEquals(imageId, mine.body().path("Images").get(0).path("Id").asText());
            long size = mine.body().path("Images").get(0).path("Size").asLong();
            // The whole image, then its second half by Range, as a resumed download asks.
            ServiceReply whole = c.send(HttpMethod.GET, "/v1/device/images/" + imageId, null, null).get(10, TimeUnit.SECONDS);
            assertEquals(200, whole.status());
            assertEquals(size, whole.bytes().length);
            assertEquals(sha256, HexFormat.of().formatHex(Sha256.of(whole.bytes())), "the bytes its own tenant uploaded");
            assertEquals(workspace.vendor().productionImagesKey().id(), ImagePackage.parse(whole.bytes()).metadata().signer());
        }
        return new Deployed(device, cert, imageId, sha256);
    }

    @Test
    void aDeviceFetchesOnlyImagesDeployedToIt() throws Exception {
        Deployed deployed = deploy("Fetchers", "lamp-2");
        // A device of another tenant, in a group with no deployment, gets neither A's deployment nor A's image.
        var other = service.store().createTenant("Strangers");
        DeviceSeams seams = new DeviceSeams(CLOCK, loops.next(), RANDOMNESS.forParty("stranger-1"), () -> 0L);
        Mt3620Device stranger = new Factory(workspace.vendor(), workspace.release("25.02"), workspace.trustedKeyStoreImage())
                .manufacture(NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE), seams, ManufacturingState.DEVICE_COMPLETE);
        stranger.powerOn().get(10, TimeUnit.SECONDS);
        service.store().claimDevice(other.id(), stranger.pluton().deviceId().hex());
        DeviceCertificate cert = new DeviceAuthentication(loops, tls, new InetSocketAddress("127.0.0.1", service.port()))
                .authenticate(stranger).get(10, TimeUnit.SECONDS);
        try (ServiceConnection c = connect(DeviceTls.mutual(workspace.vendor().root().certificateDer(), stranger.pluton(), cert))) {
            assertEquals(404, c.send(HttpMethod.GET, "/v1/device/deployment", null, null).get(10, TimeUnit.SECONDS).status());
            assertEquals(404, c.send(HttpMethod.GET, "/v1/device/images/" + deployed.imageId(), null, null).get(10, TimeUnit.SECONDS).status());
        }
        // The device it was deployed to gets ranges of it.
        try (ServiceConnection c = connect(DeviceTls.mutual(workspace.vendor().root().certificateDer(), deployed.device().pluton(), deployed.certificate()))) {
            ServiceReply part = c.sendWithRange("/v1/device/images/" + deployed.imageId(), "bytes=10-19").get(10, TimeUnit.SECONDS);
            assertEquals(206, part.status());
            assertEquals(10, part.bytes().length);
            assertEquals(416, c.sendWithRange("/v1/device/images/" + deployed.imageId(), "bytes=999999-").get(10, TimeUnit.SECONDS).status());
        }
        try (ServiceConnection c = connect(tls)) {
            assertEquals(401, c.send(HttpMethod.GET, "/v1/device/images/" + deployed.imageId(), null, null).get(10, TimeUnit.SECONDS).status(),
                    "images go to devices proving who they are");
        }
    }

    @Test
    void onlyWellFormedAppsAreAcceptedAndATenantDeploysOnlyItsOwnImages() throws Exception {
        var a = service.store().createTenant("Uploaders A");
        var b = service.store().createTenant("Uploaders B");
        String tokenA = service.store().issueToken(a.id(), Role.CONTRIBUTOR);
        String tokenB = service.store().issueToken(b.id(), Role.ADMINISTRATOR);
        String reader = service.store().issueToken(a.id(), Role.READER);
        try (ServiceConnection c = connect(tls)) {
            String pathA = "/v2/tenants/" + a.id() + "/images";
            assertEquals(400, c.send(HttpMethod.POST, pathA, new byte[] {1, 2, 3}, "application/octet-stream", tokenA).get(10, TimeUnit.SECONDS).status());
            byte[] system = workspace.release("25.02").images().get(BootStage.OS);
            ServiceReply refused = c.send(HttpMethod.POST, pathA, system, "application/octet-stream", tokenA).get(10, TimeUnit.SECONDS);
            assertEquals(400, refused.status());
            assertTrue(refused.error().contains("NormalWorldKernel"), refused.error());
            assertEquals(403, c.send(HttpMethod.POST, pathA, app("Reader App", UUID.randomUUID()), "application/octet-stream", reader)
                    .get(10, TimeUnit.SECONDS).status());
            ServiceReply added = c.send(HttpMethod.POST, pathA, app("A App", UUID.randomUUID()), "application/octet-stream", tokenA)
                    .get(10, TimeUnit.SECONDS);
            assertEquals(200, added.status(), added::error);
            String imageOfA = added.body().path("Id").asText();
            assertEquals(404, c.send(HttpMethod.GET, "/v2/tenants/" + b.id() + "/images/" + imageOfA, null, tokenB).get(10, TimeUnit.SECONDS).status());
            var productB = service.store().createProduct(b.id(), "B Product", "", true);
            var groupB = service.store().deviceGroups(b.id(), productB.id(), io.sphaera.service.store.PageRequest.first(10)).items().get(0);
            ServiceReply stolen = c.send(HttpMethod.POST, "/v2/tenants/" + b.id() + "/devicegroups/" + groupB.id() + "/deployments",
                    json().set("ImageIds", ServiceConnection.json().createArrayNode().add(imageOfA)), tokenB).get(10, TimeUnit.SECONDS);
            assertTrue(stolen.status() == 404 || stolen.status() == 400, "tenant B deployed tenant A's image: " + stolen.status());
        }
    }

    @Test
    void twoTenantsHoldOneImageIdAndEachDeviceGetsItsOwnTenantsBytes() throws Exception {
        UUID shared = UUID.nameUUIDFromBytes("Twins image".getBytes(StandardCharsets.UTF_8));
        Deployed a = deploy("Twins A", "twin-a", app("Twin App A", UUID.randomUUID(), shared));
        // B's package has A's image ID and other contents: accepted, deployed, and B's device gets B's bytes.
        Deployed b = deploy("Twins B", "twin-b", app("Twin App B", UUID.randomUUID(), shared));
        assertEquals(shared.toString(), a.imageId());
        assertEquals(shared.toString(), b.imageId());
        assertNotEquals(a.sha256(), b.sha256());
        // And A's device still gets A's bytes after B's upload.
        try (ServiceConnection c = connect(DeviceTls.mutual(workspace.vendor().root().certificateDer(), a.device().pluton(), a.certificate()))) {
            ServiceReply mine = c.send(HttpMethod.GET, "/v1/device/deployment", null, null).get(10, TimeUnit.SECONDS);
            assertEquals(a.sha256(), mine.body().path("Images").get(0).path("Sha256").asText());
            ServiceReply whole = c.send(HttpMethod.GET, "/v1/device/images/" + shared, null, null).get(10, TimeUnit.SECONDS);
            assertEquals(a.sha256(), HexFormat.of().formatHex(Sha256.of(whole.bytes())));
        }
    }

    @Test
    void anImageIdAnotherTenantHoldsChangesNoAnswer() throws Exception {
        var a = service.store().createTenant("Holders A");
        var b = service.store().createTenant("Holders B");
        String tokenA = service.store().issueToken(a.id(), Role.CONTRIBUTOR);
        String tokenB = service.store().issueToken(b.id(), Role.CONTRIBUTOR);
        UUID heldByA = UUID.nameUUIDFromBytes("Held by A".getBytes(StandardCharsets.UTF_8));
        UUID heldByNone = UUID.nameUUIDFromBytes("Held by none".getBytes(StandardCharsets.UTF_8));
        String imagesA = "/v2/tenants/" + a.id() + "/images";
        String imagesB = "/v2/tenants/" + b.id() + "/images";
        var productB = service.store().createProduct(b.id(), "Lamp", "", true);
        var groupB = service.store().deviceGroups(b.id(), productB.id(), io.sphaera.service.store.PageRequest.first(10)).items().get(0);
        String deploymentsB = "/v2/tenants/" + b.id() + "/devicegroups/" + groupB.id() + "/deployments";
        try (ServiceConnection c = connect(tls)) {
            ServiceReply ofA = c.send(HttpMethod.POST, imagesA, app("Holder A", UUID.randomUUID(), heldByA), "application/octet-stream", tokenA)
                    .get(10, TimeUnit.SECONDS);
            assertEquals(200, ofA.status(), ofA::error);

            // B deploying an ID only A holds reads exactly as an ID nobody holds: 404, same error.
            ServiceReply deployA = c.send(HttpMethod.POST, deploymentsB,
                    json().set("ImageIds", ServiceConnection.json().createArrayNode().add(heldByA.toString())), tokenB).get(10, TimeUnit.SECONDS);
            ServiceReply deployNone = c.send(HttpMethod.POST, deploymentsB,
                    json().set("ImageIds", ServiceConnection.json().createArrayNode().add(heldByNone.toString())), tokenB).get(10, TimeUnit.SECONDS);
            assertEquals(404, deployA.status());
            assertEquals(404, deployNone.status());
            assertEquals(deployNone.error().replace(heldByNone.toString(), "ID"), deployA.error().replace(heldByA.toString(), "ID"));
            assertEquals(404, c.send(HttpMethod.GET, imagesB + "/" + heldByA, null, tokenB).get(10, TimeUnit.SECONDS).status());

            // B uploads that ID and one nobody holds: both 200; a second upload of either, 409 with the same error.
            byte[] packageA = app("Holder B", UUID.randomUUID(), heldByA);
            byte[] packageNone = app("Holder B2", UUID.randomUUID(), heldByNone);
            ServiceReply ofB = c.send(HttpMethod.POST, imagesB, packageA, "application/octet-stream", tokenB).get(10, TimeUnit.SECONDS);
            assertEquals(200, ofB.status(), ofB::error);
            assertEquals(200, c.send(HttpMethod.POST, imagesB, packageNone, "application/octet-stream", tokenB).get(10, TimeUnit.SECONDS).status());
            ServiceReply againA = c.send(HttpMethod.POST, imagesB, packageA, "application/octet-stream", tokenB).get(10, TimeUnit.SECONDS);
            ServiceReply againNone = c.send(HttpMethod.POST, imagesB, packageNone, "application/octet-stream", tokenB).get(10, TimeUnit.SECONDS);
            assertEquals(409, againA.status());
            assertEquals(409, againNone.status());
            assertEquals(againNone.error().replace(heldByNone.toString(), "ID"), againA.error().replace(heldByA.toString(), "ID"));
            assertEquals(409, c.send(HttpMethod.POST, imagesA, app("Holder A", UUID.randomUUID(), heldByA), "application/octet-stream", tokenA)
                    .get(10, TimeUnit.SECONDS).status(), "the same ID twice within one tenant");

            // Each tenant sees its own image under the ID.
            ServiceReply seenByA = c.send(HttpMethod.GET, imagesA + "/" + heldByA, null, tokenA).get(10, TimeUnit.SECONDS);
            ServiceReply seenByB = c.send(HttpMethod.GET, imagesB + "/" + heldByA, null, tokenB).get(10, TimeUnit.SECONDS);
            assertEquals(ofA.body().path("Sha256"), seenByA.body().path("Sha256"));
            assertEquals(ofB.body().path("Sha256"), seenByB.body().path("Sha256"));
            assertNotEquals(seenByA.body().path("Sha256"), seenByB.body().path("Sha256"));
            ServiceReply listA = c.send(HttpMethod.GET, imagesA, null, tokenA).get(10, TimeUnit.SECONDS);
            assertEquals(1, listA.body().path("Items").size());
            assertEquals(ofA.body().path("Sha256"), listA.body().path("Items").get(0).path("Sha256"));
            assertEquals(2, c.send(HttpMethod.GET, imagesB, null, tokenB).get(10, TimeUnit.SECONDS).body().path("Items").size());
        }
    }
}
