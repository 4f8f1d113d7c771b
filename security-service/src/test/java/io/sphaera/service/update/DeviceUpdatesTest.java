package io.sphaera.service.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.CertifiedKey;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.firmware.update.TargetImage;
import io.sphaera.firmware.update.UpdateAuthority;
import io.sphaera.firmware.update.UpdateManifest;
import io.sphaera.firmware.update.UpdateManifestException;
import io.sphaera.firmware.update.UpdateManifestVerifier;
import io.sphaera.firmware.update.UpdatePhase;
import io.sphaera.service.store.Deployment;
import io.sphaera.service.store.DeploymentTargeting;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.Image;
import io.sphaera.service.store.ImageRecord;
import io.sphaera.service.store.OsFeed;
import io.sphaera.service.store.PageRequest;
import io.sphaera.service.store.Product;
import io.sphaera.service.store.ServiceStore;
import io.sphaera.service.store.Tenant;
import io.sphaera.service.store.UpdatePolicy;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each device's update manifest: what it names under each group policy, signed so that a device trusting only its
 * root accepts it, and versioned so that a device never sees two manifests of one version.
 */
class DeviceUpdatesTest {
    private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");
    private static final CertificateAuthority ROOT = CertificateAuthority.selfSigned(SigningKey.generate(new SplittableRandom(1)),
            "Sphaera Root", T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(3650)), BigInteger.ONE);
    private static final CertificateAuthority UPDATE_CA = ROOT.issueAuthority(SigningKey.generate(new SplittableRandom(2)),
            "Sphaera Update CA", T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofDays(3650)), BigInteger.TWO);
    private static final UpdateManifestVerifier DEVICE_CHECK = new UpdateManifestVerifier(List.of(),
            new UpdateAuthority(ROOT.key().verificationKey(), "Sphaera Update CA"));

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final SplittableRandom random = new SplittableRandom(9);
    private ServiceStore store;
    private DeviceUpdates updates;
    private Tenant tenant;
    private Product product;
    private DeviceGroup field;
    private String device;

    @BeforeEach
    void open() {
        InstantSource clock = now::get;
        store = ServiceStore.open(dir, clock, new SplittableRandom(3));
        updates = new DeviceUpdates(store, new CertifiedKey(UPDATE_CA.key(), UPDATE_CA.certificateDer()), clock);
        tenant = store.createTenant("Contoso");
        product = store.createProduct(tenant.id(), "Lamp", "", false);
        field = group("Field", UpdatePolicy.UPDATE_ALL);
        device = deviceId();
        store.claimDevice(tenant.id(), device);
        store.moveDevice(tenant.id(), device, field.id());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private DeviceGroup group(String name, UpdatePolicy policy) {
        return store.createDeviceGroup(tenant.id(), product.id(), name, "", OsFeed.RETAIL, policy);
    }

    private String deviceId() {
        byte[] id = new byte[64];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private Image image(String version) {
        byte[] bytes = new byte[100 + random.nextInt(100)];
        random.nextBytes(bytes);
        ImageRecord r = new ImageRecord(new UUID(random.nextLong(), random.nextLong()), new UUID(random.nextLong(), random.nextLong()),
                ImageKind.APPLICATIONS.code(), "app", version, 1, HexFormat.of().formatHex(Sha256.of(bytes)), bytes.length);
        return store.addImage(tenant.id(), r, bytes);
    }

    private Deployment deploy(DeviceGroup group, Image... images) {
        return store.createDeployment(tenant.id(), group.id(), List.of(images).stream().map(Image::imageId).toList());
    }

    private UpdateManifest verify(byte[] envelope, String forDevice, long lastVersion) throws UpdateManifestException {
        return DEVICE_CHECK.verify(envelope, new UpdateManifestVerifier.Expectations(forDevice, lastVersion, null, now.get())).manifest();
    }

    private static TargetImage target(Image i) {
        ImageRecord r = i.record();
        return new TargetImage(r.imageId(), r.componentId(), "Applications", r.version(), r.size(), HexFormat.of().parseHex(r.sha256()));
    }

    @Test
    void theFirstManifestIsVersionOneNamesTheDeploymentsImagesInOrderAndVerifiesWithTheRootAlone() throws Exception {
        Image a = image("1.0.0");
        Image b = image("2.1");
        Deployment d = deploy(field, b, a);
        now.set(T0.plusMillis(1500));
        UpdateManifest m = verify(updates.manifest(device), device, 0);
        assertEquals(1, m.version());
        assertEquals(device, m.deviceId());
        assertEquals(Optional.of(d.id()), m.deployment());
        assertEquals(List.of(target(b), target(a)), m.images(UpdatePhase.APPS));
        assertEquals(List.of(), m.images(UpdatePhase.OS));
        assertEquals(List.of(), m.images(UpdatePhase.PREREQUISITES));
        assertEquals(T0.plusSeconds(1), m.issued(), "the service's clock, to the second");
        assertEquals(T0.plusSeconds(1).plus(Duration.ofDays(7)), m.expires());
        assertEquals(Optional.of(d), updates.targetedDeployment(device));
        assertEquals(List.of(b, a), updates.targetedImages(device));
    }

    @Test
    void askingAgainGivesTheSameBytesUntilHalfTheLifetimeIsGone() throws Exception {
        deploy(field, image("1.0"));
        byte[] first = updates.manifest(device);
        now.set(T0.plus(Duration.ofHours(84)).minusSeconds(1));
        assertArrayEquals(first, updates.manifest(device));
        now.set(T0.plus(Duration.ofHours(84)));
        byte[] renewed = updates.manifest(device);
        UpdateManifest m = verify(renewed, device, 1);
        assertEquals(2, m.version(), "half its lifetime left is not more than half: a new one");
        assertEquals(now.get(), m.issued());
        assertEquals(verify(first, device, 0).images(UpdatePhase.APPS), m.images(UpdatePhase.APPS), "same content");
        assertArrayEquals(renewed, updates.manifest(device));
        assertEquals(1, store.deploymentHistory(tenant.id(), device, PageRequest.first(10)).items().size(),
                "renewing is no new targeting");
    }

    @Test
    void aNewDeploymentGivesTheNextVersionNamingItsImages() throws Exception {
        Deployment d1 = deploy(field, image("1.0"));
        verify(updates.manifest(device), device, 0);
        Image next = image("1.1");
        Deployment d2 = deploy(field, next);
        now.set(T0.plusSeconds(10));
        UpdateManifest m = verify(updates.manifest(device), device, 1);
        assertEquals(2, m.version());
        assertEquals(Optional.of(d2.id()), m.deployment());
        assertEquals(List.of(target(next)), m.images(UpdatePhase.APPS));
        assertEquals(List.of(new DeploymentTargeting(device, d2.id(), 2, T0.plusSeconds(10)),
                        new DeploymentTargeting(device, d1.id(), 1, T0)),
                store.deploymentHistory(tenant.id(), device, PageRequest.first(10)).items());
    }

    @Test
    void aGroupThatTakesNoAppUpdatesGivesAManifestWithoutADeploymentAndItsHistoryStays() throws Exception {
        Deployment d1 = deploy(field, image("1.0"));
        assertEquals(Optional.of(d1.id()), verify(updates.manifest(device), device, 0).deployment());
        byte[] without = null;
        for (UpdatePolicy policy : List.of(UpdatePolicy.NO_UPDATES, UpdatePolicy.NO_3RD_PARTY_APP_UPDATES)) {
            DeviceGroup frozen = group("Frozen " + policy.code(), policy);
            deploy(frozen, image("9.0"));
            store.moveDevice(tenant.id(), device, frozen.id());
            byte[] envelope = updates.manifest(device);
            UpdateManifest m = verify(envelope, device, 1);
            assertEquals(2, m.version(), policy.platformName());
            assertEquals(Optional.empty(), m.deployment(), policy.platformName());
            assertEquals(List.of(), m.images(UpdatePhase.APPS));
            assertEquals(Optional.empty(), updates.targetedDeployment(device));
            assertEquals(List.of(), updates.targetedImages(device));
            if (without != null) {
                assertArrayEquals(without, envelope, "the same content (nothing) as in the NoUpdates group");
            }
            without = envelope;
        }
        // Back in its group: the apps it kept all along are d1's, so that is no new targeting.
        store.moveDevice(tenant.id(), device, field.id());
        UpdateManifest back = verify(updates.manifest(device), device, 2);
        assertEquals(3, back.version());
        assertEquals(Optional.of(d1.id()), back.deployment());
        assertEquals(List.of(new DeploymentTargeting(device, d1.id(), 1, T0)),
                store.deploymentHistory(tenant.id(), device, PageRequest.first(10)).items());
    }

    @Test
    void aGroupWithoutADeploymentOrADeviceInNoGroupGetsNone() throws Exception {
        assertEquals(Optional.empty(), verify(updates.manifest(device), device, 0).deployment(), "the group has no deployment");
        String loose = deviceId();
        store.claimDevice(tenant.id(), loose);
        deploy(field, image("1.0"));
        UpdateManifest m = verify(updates.manifest(loose), loose, 0);
        assertEquals(Optional.empty(), m.deployment(), "claimed, in no group");
        assertEquals(List.of(), store.deploymentHistory(tenant.id(), loose, PageRequest.first(10)).items());
    }

    @Test
    void anUnclaimedDeviceGetsAVersionedManifestThatNamesNothing() throws Exception {
        String unclaimed = deviceId();
        byte[] envelope = updates.manifest(unclaimed);
        UpdateManifest m = verify(envelope, unclaimed, 0);
        assertEquals(1, m.version());
        assertEquals(Optional.empty(), m.deployment());
        for (UpdatePhase phase : UpdatePhase.values()) {
            assertEquals(List.of(), m.images(phase));
        }
        assertEquals(T0.plus(Duration.ofDays(7)), m.expires());
        assertArrayEquals(envelope, updates.manifest(unclaimed));
        assertArrayEquals(envelope, store.lastManifest(unclaimed).orElseThrow().envelope());
    }

    @Test
    void aManifestIsForItsOwnDeviceOnly() {
        byte[] mine = updates.manifest(device);
        UpdateManifestException e = org.junit.jupiter.api.Assertions.assertThrows(UpdateManifestException.class,
                () -> verify(mine, deviceId(), 0));
        assertTrue(e.getMessage().contains("not this one"), e.getMessage());
    }

    @Test
    void theContentDigestCoversDeploymentAndImagesButNotTimes() {
        TargetImage t = target(image("1.0"));
        ManifestContent a = new ManifestContent(Optional.of(new UUID(1, 1)), Map.of(UpdatePhase.APPS, List.of(t)));
        assertEquals(a.sha256(), new ManifestContent(Optional.of(new UUID(1, 1)), Map.of(UpdatePhase.APPS, List.of(t))).sha256());
        assertFalse(a.sha256().equals(new ManifestContent(Optional.of(new UUID(1, 2)), Map.of(UpdatePhase.APPS, List.of(t))).sha256()));
        assertFalse(a.sha256().equals(new ManifestContent(Optional.of(new UUID(1, 1)), Map.of(UpdatePhase.OS, List.of(t))).sha256()));
        assertFalse(a.sha256().equals(new ManifestContent(Optional.empty(), Map.of(UpdatePhase.APPS, List.of(t))).sha256()));
        assertFalse(ManifestContent.none().sha256().equals(new ManifestContent(Optional.of(new UUID(1, 1)), Map.of()).sha256()));
    }

    /**
     * Many requests for one device at once, on a clock that moves two days at each reading (so every other request
     * finds the last manifest past half its life and issues the next) while the deployment changes: whatever the
     * interleaving, each version is one manifest, and the versions run 1, 2, 3 ... without a gap.
     */
    @Test
    void concurrentRequestsNeverMakeTwoManifestsOfOneVersion(@TempDir Path other) throws Exception {
        AtomicLong readings = new AtomicLong();
        InstantSource racing = () -> T0.plus(Duration.ofDays(2).multipliedBy(readings.getAndIncrement()));
        DeviceUpdates raced = new DeviceUpdates(store, new CertifiedKey(UPDATE_CA.key(), UPDATE_CA.certificateDer()), racing);
        int threads = 8;
        int each = 25;
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            List<Future<List<byte[]>>> asked = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                asked.add(pool.submit(() -> {
                    start.await();
                    List<byte[]> got = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        got.add(raced.manifest(device));
                    }
                    return got;
                }));
            }
            Future<?> deployer = pool.submit(() -> {
                start.await();
                for (int i = 0; i < 20; i++) {
                    deploy(field, image("1." + i));
                }
                return null;
            });
            deployer.get(60, TimeUnit.SECONDS);
            Map<Long, byte[]> byVersion = new HashMap<>();
            for (Future<List<byte[]>> f : asked) {
                for (byte[] envelope : f.get(60, TimeUnit.SECONDS)) {
                    long version = io.sphaera.firmware.update.UpdateManifestCodec.manifest(
                            io.sphaera.firmware.update.UpdateManifestCodec.envelope(envelope).payload()).version();
                    byte[] seen = byVersion.putIfAbsent(version, envelope);
                    if (seen != null) {
                        assertArrayEquals(seen, envelope, "two manifests of version " + version);
                    }
                }
            }
            long last = store.lastManifest(device).orElseThrow().version();
            assertEquals(last, byVersion.size(), "versions 1.." + last + " each handed out");
            for (long v = 1; v <= last; v++) {
                assertTrue(byVersion.containsKey(v), "version " + v);
            }
            assertTrue(last > threads, "the clock made them issue many: " + last);
        } finally {
            pool.shutdownNow();
        }
    }
}
