package io.sphaera.service.update;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.CertifiedKey;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.firmware.update.TargetImage;
import io.sphaera.firmware.update.UpdateAuthority;
import io.sphaera.firmware.update.UpdateManifest;
import io.sphaera.firmware.update.UpdateManifestVerifier;
import io.sphaera.firmware.update.UpdatePhase;
import io.sphaera.service.store.Deployment;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.Image;
import io.sphaera.service.store.ImageRecord;
import io.sphaera.service.store.InvalidInputException;
import io.sphaera.service.store.OsFeed;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifest's OS phase: the release a device's group's feed carries on the service's clock — RetailEval at once,
 * Retail two weeks later, nothing under NoUpdates — and the system images a device may fetch.
 */
class OsPhaseTest {
    private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");
    /** 25.02 was published long ago; 25.05 is published a day after T0. */
    private static final Instant PUBLISHED = T0.plus(Duration.ofDays(1));
    private static final List<byte[]> OLD = TestReleases.release("25.02", T0.minus(Duration.ofDays(90)));
    private static final List<byte[]> NEW = TestReleases.release("25.05", PUBLISHED);
    private static final CertificateAuthority ROOT = CertificateAuthority.selfSigned(SigningKey.generate(new SplittableRandom(1)),
            "Sphaera Root", T0.minus(Duration.ofDays(100)), T0.plus(Duration.ofDays(3650)), BigInteger.ONE);
    private static final CertificateAuthority UPDATE_CA = ROOT.issueAuthority(SigningKey.generate(new SplittableRandom(2)),
            UpdateAuthority.SERVICE_UPDATE_CA, T0.minus(Duration.ofDays(100)), T0.plus(Duration.ofDays(3650)), BigInteger.TWO);
    private static final UpdateManifestVerifier DEVICE_CHECK = new UpdateManifestVerifier(List.of(),
            new UpdateAuthority(ROOT.key().verificationKey(), UpdateAuthority.SERVICE_UPDATE_CA));

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final SplittableRandom random = new SplittableRandom(9);
    private ServiceStore store;
    private DeviceUpdates updates;
    private Tenant tenant;
    private Product product;

    @BeforeEach
    void open() throws Exception {
        InstantSource clock = now::get;
        store = ServiceStore.open(dir, clock, new SplittableRandom(3));
        updates = new DeviceUpdates(store, new CertifiedKey(UPDATE_CA.key(), UPDATE_CA.certificateDer()), clock,
                OsFeeds.of(Map.of("25.02", OLD, "25.05", NEW)));
        tenant = store.createTenant("Contoso");
        product = store.createProduct(tenant.id(), "Lamp", "", false);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private DeviceGroup group(String name, OsFeed feed, UpdatePolicy policy) {
        return store.createDeviceGroup(tenant.id(), product.id(), name, "", feed, policy);
    }

    private String device(DeviceGroup g) {
        String id = unclaimed();
        store.claimDevice(tenant.id(), id);
        if (g != null) {
            store.moveDevice(tenant.id(), id, g.id());
        }
        return id;
    }

    private String unclaimed() {
        byte[] id = new byte[64];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private UpdateManifest manifest(String device) throws Exception {
        return DEVICE_CHECK.verify(updates.manifest(device), new UpdateManifestVerifier.Expectations(device, 0, null, now.get()))
                .manifest();
    }

    private static String release(UpdateManifest m) {
        List<TargetImage> os = m.images(UpdatePhase.OS);
        return os.isEmpty() ? "none" : os.get(2).version();
    }

    private static UUID imageId(List<byte[]> release, int i) throws Exception {
        return ImagePackage.parse(release.get(i)).metadata().imageId();
    }

    private Image app(String version) {
        byte[] bytes = new byte[100];
        random.nextBytes(bytes);
        ImageRecord r = new ImageRecord(new UUID(random.nextLong(), random.nextLong()), new UUID(random.nextLong(), random.nextLong()),
                ImageKind.APPLICATIONS.code(), "app", version, 1, HexFormat.of().formatHex(Sha256.of(bytes)), bytes.length);
        return store.addImage(tenant.id(), r, bytes);
    }

    @Test
    void retailEvalSeesANewReleaseAtOnceAndRetailOnlyFourteenDaysLater() throws Exception {
        String eval = device(group("Eval", OsFeed.RETAIL_EVAL, UpdatePolicy.UPDATE_ALL));
        String retail = device(group("Retail", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL));
        assertEquals("25.02", release(manifest(eval)), "before 25.05 is published");
        assertEquals("25.02", release(manifest(retail)));

        now.set(PUBLISHED);
        UpdateManifest m = manifest(eval);
        assertEquals("25.05", release(m), "RetailEval gets it when it is published");
        assertEquals(2, m.version(), "a new release is new content: the next version");
        byte[] retailBefore = updates.manifest(retail);
        assertEquals("25.02", release(manifest(retail)));

        now.set(PUBLISHED.plus(Duration.ofDays(14)).minusSeconds(1));
        assertEquals("25.02", release(manifest(retail)), "a second short of two weeks");
        now.set(PUBLISHED.plus(Duration.ofDays(14)));
        UpdateManifest later = manifest(retail);
        assertEquals("25.05", release(later), "Retail gets it two weeks after RetailEval");
        assertFalse(java.util.Arrays.equals(retailBefore, updates.manifest(retail)));
        assertEquals(Optional.of("25.05"), updates.targetedRelease(retail).map(OsRelease::name));
    }

    @Test
    void theOsPhaseNamesTheReleasesImagesInBootOrder() throws Exception {
        String eval = device(group("Eval", OsFeed.RETAIL_EVAL, UpdatePolicy.UPDATE_ALL));
        now.set(PUBLISHED);
        List<TargetImage> os = manifest(eval).images(UpdatePhase.OS);
        assertEquals(List.of("PlutonRuntime", "SecurityMonitor", "NormalWorldKernel"), os.stream().map(TargetImage::kind).toList());
        for (int i = 0; i < 3; i++) {
            assertEquals(imageId(NEW, i), os.get(i).imageId());
            assertEquals(NEW.get(i).length, os.get(i).length());
            assertArrayEquals(Sha256.of(NEW.get(i)), os.get(i).sha256());
            assertEquals(TestReleases.component(OsRelease.BOOT_ORDER.get(i)), os.get(i).componentId());
        }
    }

    @Test
    void eachPolicyAndPlacementGetsItsOsPhase() throws Exception {
        now.set(PUBLISHED);
        Deployment d = store.createDeployment(tenant.id(), group("Apps", OsFeed.RETAIL_EVAL, UpdatePolicy.UPDATE_ALL).id(),
                List.of(app("1.0").imageId()));
        DeviceGroup frozen = group("Frozen", OsFeed.RETAIL_EVAL, UpdatePolicy.NO_UPDATES);
        store.createDeployment(tenant.id(), frozen.id(), List.of(app("2.0").imageId()));
        UpdateManifest none = manifest(device(frozen));
        assertEquals(List.of(), none.images(UpdatePhase.OS), "NoUpdates: no OS phase");
        assertEquals(Optional.empty(), none.deployment());
        DeviceGroup osOnly = group("Dev", OsFeed.RETAIL_EVAL, UpdatePolicy.NO_3RD_PARTY_APP_UPDATES);
        store.createDeployment(tenant.id(), osOnly.id(), List.of(app("3.0").imageId()));
        UpdateManifest dev = manifest(device(osOnly));
        assertEquals("25.05", release(dev), "No3rdPartyAppUpdates takes OS updates");
        assertEquals(Optional.empty(), dev.deployment());
        UpdateManifest all = manifest(device(store.deviceGroup(tenant.id(), d.deviceGroupId()).orElseThrow()));
        assertEquals("25.05", release(all));
        assertEquals(Optional.of(d.id()), all.deployment());
        assertEquals("25.02", release(manifest(device(null))), "in no group: Retail");
        assertEquals("25.02", release(manifest(unclaimed())), "unclaimed: Retail");
        assertEquals(Optional.empty(), updates.targetedRelease(device(frozen)));
    }

    @Test
    void withoutReleasesOrBeforeAnyIsPublishedTheOsPhaseIsEmpty() throws Exception {
        DeviceUpdates bare = new DeviceUpdates(store, new CertifiedKey(UPDATE_CA.key(), UPDATE_CA.certificateDer()), now::get);
        String d = device(group("Eval", OsFeed.RETAIL_EVAL, UpdatePolicy.UPDATE_ALL));
        assertEquals(Optional.empty(), bare.targetedRelease(d));
        assertEquals(List.of(), bare.content(d).phases().get(UpdatePhase.OS));
        DeviceUpdates early = new DeviceUpdates(store, new CertifiedKey(UPDATE_CA.key(), UPDATE_CA.certificateDer()), now::get,
                OsFeeds.of(Map.of("25.05", NEW)));
        assertEquals(Optional.empty(), early.targetedRelease(d), "not yet published");
    }

    @Test
    void aDeviceMayFetchTheSystemImagesOfItsReleaseOnly() throws Exception {
        DeviceGroup evalGroup = group("Eval", OsFeed.RETAIL_EVAL, UpdatePolicy.UPDATE_ALL);
        String eval = device(evalGroup);
        manifest(eval); // names 25.02
        UUID oldOs = imageId(OLD, 2);
        UUID newOs = imageId(NEW, 2);
        assertArrayEquals(OLD.get(2), updates.systemImage(eval, oldOs).orElseThrow().bytes());
        assertEquals(Optional.empty(), updates.systemImage(eval, newOs), "25.05 is not published yet");
        now.set(PUBLISHED);
        assertTrue(updates.systemImage(eval, newOs).isPresent(), "the release it is to run now, before it asked again");
        assertTrue(updates.systemImage(eval, oldOs).isPresent(), "the one its last manifest named");
        manifest(eval); // names 25.05
        assertEquals(Optional.empty(), updates.systemImage(eval, oldOs), "named by neither its last manifest nor its feed now");
        String frozen = device(group("Frozen", OsFeed.RETAIL_EVAL, UpdatePolicy.NO_UPDATES));
        manifest(frozen);
        assertEquals(Optional.empty(), updates.systemImage(frozen, newOs), "NoUpdates: none");
        assertEquals(Optional.empty(), updates.systemImage(eval, new UUID(3, 4)), "no such image");
        assertEquals(Optional.empty(), updates.deployedImage(eval, newOs), "a system image is no tenant image");
    }

    @Test
    void aDeploymentLeavesRoomInTheManifestForTheReleasesImages() throws Exception {
        now.set(PUBLISHED);
        DeviceGroup g = group("Big", OsFeed.RETAIL_EVAL, UpdatePolicy.UPDATE_ALL);
        List<UUID> images = new ArrayList<>();
        for (int i = 0; i < UpdateManifest.MAX_IMAGES - 2; i++) {
            images.add(app("1." + i).imageId());
        }
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> store.createDeployment(tenant.id(), g.id(), images));
        assertTrue(e.getMessage().contains("at most 61"), e.getMessage());
        store.createDeployment(tenant.id(), g.id(), images.subList(0, 61));
        UpdateManifest m = manifest(device(g));
        assertEquals(64, m.images(UpdatePhase.OS).size() + m.images(UpdatePhase.APPS).size());
    }
}
