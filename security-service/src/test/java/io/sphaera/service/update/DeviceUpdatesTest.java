package io.sphaera.service.update;

import static io.sphaera.service.update.UpdateService.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.firmware.update.TargetImage;
import io.sphaera.firmware.update.UpdateManifest;
import io.sphaera.firmware.update.UpdateManifestException;
import io.sphaera.firmware.update.UpdatePhase;
import io.sphaera.service.store.Deployment;
import io.sphaera.service.store.DeploymentTargeting;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.Image;
import io.sphaera.service.store.ImageRecord;
import io.sphaera.service.store.OsFeed;
import io.sphaera.service.store.PageRequest;
import io.sphaera.service.store.UpdatePolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each device's update manifest: what it names under each group policy, signed so that a device trusting only its
 * root accepts it, and versioned so that a device never sees two manifests of one version.
 */
class DeviceUpdatesTest {
    @RegisterExtension
    final UpdateService service = new UpdateService();

    /** A device the tenant claimed, in the Field group. */
    private String device;
    private DeviceGroup field;

    @BeforeEach
    void claim() {
        field = service.field();
        device = service.claimed(field);
    }

    private DeviceGroup group(String name, UpdatePolicy policy) {
        return service.group(name, OsFeed.RETAIL, policy);
    }

    private static TargetImage target(Image i) {
        ImageRecord r = i.record();
        return new TargetImage(r.imageId(), r.componentId(), "Applications", r.version(), r.size(), HexFormat.of().parseHex(r.sha256()));
    }

    @Test
    void theFirstManifestIsVersionOneNamesTheDeploymentsImagesInOrderAndVerifiesWithTheRootAlone() throws Exception {
        Image a = service.app("1.0.0");
        Image b = service.app("2.1");
        Deployment d = service.deploy(field, b, a);
        service.setNow(T0.plusMillis(1500));
        UpdateManifest m = service.manifest(device, 0);
        assertEquals(1, m.version());
        assertEquals(device, m.deviceId());
        assertEquals(Optional.of(d.id()), m.deployment());
        assertEquals(List.of(target(b), target(a)), m.images(UpdatePhase.APPS));
        assertEquals(List.of(), m.images(UpdatePhase.OS));
        assertEquals(List.of(), m.images(UpdatePhase.PREREQUISITES));
        assertEquals(T0.plusSeconds(1), m.issued(), "the service's clock, to the second");
        assertEquals(T0.plusSeconds(1).plus(Duration.ofDays(7)), m.expires());
        assertEquals(Optional.of(d), service.updates().targetedDeployment(device));
        assertEquals(List.of(b, a), service.updates().targetedImages(device));
    }

    @Test
    void askingAgainGivesTheSameBytesUntilHalfTheLifetimeIsGone() throws Exception {
        service.deploy(field, service.app("1.0"));
        byte[] first = service.updates().manifest(device);
        service.setNow(T0.plus(Duration.ofHours(84)).minusSeconds(1));
        assertArrayEquals(first, service.updates().manifest(device));
        service.setNow(T0.plus(Duration.ofHours(84)));
        byte[] renewed = service.updates().manifest(device);
        UpdateManifest m = service.verify(renewed, device, 1);
        assertEquals(2, m.version(), "half its lifetime left is not more than half: a new one");
        assertEquals(service.now(), m.issued());
        assertEquals(service.verify(first, device, 0).images(UpdatePhase.APPS), m.images(UpdatePhase.APPS), "same content");
        assertArrayEquals(renewed, service.updates().manifest(device));
        assertEquals(1, service.store().deploymentHistory(service.tenant().id(), device, PageRequest.first(10)).items().size(),
                "renewing is no new targeting");
    }

    @Test
    void aNewDeploymentGivesTheNextVersionNamingItsImages() throws Exception {
        Deployment d1 = service.deploy(field, service.app("1.0"));
        service.manifest(device, 0);
        Image next = service.app("1.1");
        Deployment d2 = service.deploy(field, next);
        service.setNow(T0.plusSeconds(10));
        UpdateManifest m = service.manifest(device, 1);
        assertEquals(2, m.version());
        assertEquals(Optional.of(d2.id()), m.deployment());
        assertEquals(List.of(target(next)), m.images(UpdatePhase.APPS));
        assertEquals(List.of(new DeploymentTargeting(device, d2.id(), 2, T0.plusSeconds(10)),
                        new DeploymentTargeting(device, d1.id(), 1, T0)),
                service.store().deploymentHistory(service.tenant().id(), device, PageRequest.first(10)).items());
    }

    @Test
    void aGroupThatTakesNoAppUpdatesGivesAManifestWithoutADeploymentAndItsHistoryStays() throws Exception {
        Deployment d1 = service.deploy(field, service.app("1.0"));
        assertEquals(Optional.of(d1.id()), service.manifest(device, 0).deployment());
        byte[] without = null;
        for (UpdatePolicy policy : List.of(UpdatePolicy.NO_UPDATES, UpdatePolicy.NO_3RD_PARTY_APP_UPDATES)) {
            DeviceGroup frozen = group("Frozen " + policy.code(), policy);
            service.deploy(frozen, service.app("9.0"));
            service.store().moveDevice(service.tenant().id(), device, frozen.id());
            byte[] envelope = service.updates().manifest(device);
            UpdateManifest m = service.verify(envelope, device, 1);
            assertEquals(2, m.version(), policy.platformName());
            assertEquals(Optional.empty(), m.deployment(), policy.platformName());
            assertEquals(List.of(), m.images(UpdatePhase.APPS));
            assertEquals(Optional.empty(), service.updates().targetedDeployment(device));
            assertEquals(List.of(), service.updates().targetedImages(device));
            if (without != null) {
                assertArrayEquals(without, envelope, "the same content (nothing) as in the NoUpdates group");
            }
            without = envelope;
        }
        // Back in its group: the apps it kept all along are d1's, so that is no new targeting.
        service.store().moveDevice(service.tenant().id(), device, field.id());
        UpdateManifest back = service.manifest(device, 2);
        assertEquals(3, back.version());
        assertEquals(Optional.of(d1.id()), back.deployment());
        assertEquals(List.of(new DeploymentTargeting(device, d1.id(), 1, T0)),
                service.store().deploymentHistory(service.tenant().id(), device, PageRequest.first(10)).items());
    }

    @Test
    void aGroupWithoutADeploymentOrADeviceInNoGroupGetsNone() throws Exception {
        assertEquals(Optional.empty(), service.manifest(device, 0).deployment(), "the group has no deployment");
        String loose = service.claimed();
        service.deploy(field, service.app("1.0"));
        UpdateManifest m = service.manifest(loose, 0);
        assertEquals(Optional.empty(), m.deployment(), "claimed, in no group");
        assertEquals(List.of(), service.store().deploymentHistory(service.tenant().id(), loose, PageRequest.first(10)).items());
    }

    @Test
    void anUnclaimedDeviceGetsAVersionedManifestThatNamesNothing() throws Exception {
        String unclaimed = service.unclaimed();
        byte[] envelope = service.updates().manifest(unclaimed);
        UpdateManifest m = service.verify(envelope, unclaimed, 0);
        assertEquals(1, m.version());
        assertEquals(Optional.empty(), m.deployment());
        for (UpdatePhase phase : UpdatePhase.values()) {
            assertEquals(List.of(), m.images(phase));
        }
        assertEquals(T0.plus(Duration.ofDays(7)), m.expires());
        assertArrayEquals(envelope, service.updates().manifest(unclaimed));
        assertArrayEquals(envelope, service.store().lastManifest(unclaimed).orElseThrow().envelope());
    }

    @Test
    void aManifestIsForItsOwnDeviceOnly() {
        byte[] mine = service.updates().manifest(device);
        UpdateManifestException e = org.junit.jupiter.api.Assertions.assertThrows(UpdateManifestException.class,
                () -> service.verify(mine, service.unclaimed(), 0));
        assertTrue(e.getMessage().contains("not this one"), e.getMessage());
    }

    @Test
    void theContentDigestCoversDeploymentAndImagesButNotTimes() {
        TargetImage t = target(service.app("1.0"));
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
        DeviceUpdates raced = new DeviceUpdates(service.store(), service.signer(), racing);
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
                    service.deploy(field, service.app("1." + i));
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
            long last = service.store().lastManifest(device).orElseThrow().version();
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
