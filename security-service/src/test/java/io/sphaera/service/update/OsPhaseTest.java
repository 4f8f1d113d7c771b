package io.sphaera.service.update;

import static io.sphaera.service.update.UpdateService.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.update.TargetImage;
import io.sphaera.firmware.update.UpdateManifest;
import io.sphaera.firmware.update.UpdatePhase;
import io.sphaera.service.store.Deployment;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.InvalidInputException;
import io.sphaera.service.store.OsFeed;
import io.sphaera.service.store.UpdatePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The manifest's OS phase: the release a device's group's feed carries on the service's clock — RetailEval at once,
 * Retail two weeks later, nothing under NoUpdates — and the system images a device may fetch.
 */
class OsPhaseTest {
    /** 25.02 was published long ago; 25.05 is published a day after T0. */
    private static final Instant PUBLISHED = T0.plus(Duration.ofDays(1));
    private static final List<byte[]> OLD = TestReleases.release("25.02", T0.minus(Duration.ofDays(90)));
    private static final List<byte[]> NEW = TestReleases.release("25.05", PUBLISHED);

    @RegisterExtension
    final UpdateService service = new UpdateService(Map.of("25.02", OLD, "25.05", NEW));

    private static String release(UpdateManifest m) {
        List<TargetImage> os = m.images(UpdatePhase.OS);
        return os.isEmpty() ? "none" : os.get(2).version();
    }

    private static UUID imageId(List<byte[]> release, int i) throws Exception {
        return ImagePackage.parse(release.get(i)).metadata().imageId();
    }

    @Test
    void retailEvalSeesANewReleaseAtOnceAndRetailOnlyFourteenDaysLater() throws Exception {
        String eval = service.claimed(service.group("Eval", OsFeed.RETAIL_EVAL, UpdatePolicy.UPDATE_ALL));
        String retail = service.claimed(service.group("Retail", OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL));
        assertEquals("25.02", release(service.manifest(eval, 0)), "before 25.05 is published");
        assertEquals("25.02", release(service.manifest(retail, 0)));

        service.setNow(PUBLISHED);
        UpdateManifest m = service.manifest(eval, 0);
        assertEquals("25.05", release(m), "RetailEval gets it when it is published");
        assertEquals(2, m.version(), "a new release is new content: the next version");
        byte[] retailBefore = service.updates().manifest(retail);
        assertEquals("25.02", release(service.manifest(retail, 0)));

        service.setNow(PUBLISHED.plus(Duration.ofDays(14)).minusSeconds(1));
        assertEquals("25.02", release(service.manifest(retail, 0)), "a second short of two weeks");
        service.setNow(PUBLISHED.plus(Duration.ofDays(14)));
        UpdateManifest later = service.manifest(retail, 0);
        assertEquals("25.05", release(later), "Retail gets it two weeks after RetailEval");
        assertFalse(java.util.Arrays.equals(retailBefore, service.updates().manifest(retail)));
        assertEquals(Optional.of("25.05"), service.updates().targetedRelease(retail).map(OsRelease::name));
    }

    @Test
    void theOsPhaseNamesTheReleasesImagesInBootOrder() throws Exception {
        String eval = service.claimed(service.group("Eval", OsFeed.RETAIL_EVAL, UpdatePolicy.UPDATE_ALL));
        service.setNow(PUBLISHED);
        List<TargetImage> os = service.manifest(eval, 0).images(UpdatePhase.OS);
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
        service.setNow(PUBLISHED);
        Deployment d = service.deploy(service.group("Apps", OsFeed.RETAIL_EVAL, UpdatePolicy.UPDATE_ALL), service.app("1.0"));
        DeviceGroup frozen = service.group("Frozen", OsFeed.RETAIL_EVAL, UpdatePolicy.NO_UPDATES);
        service.deploy(frozen, service.app("2.0"));
        UpdateManifest none = service.manifest(service.claimed(frozen), 0);
        assertEquals(List.of(), none.images(UpdatePhase.OS), "NoUpdates: no OS phase");
        assertEquals(Optional.empty(), none.deployment());
        DeviceGroup osOnly = service.group("Dev", OsFeed.RETAIL_EVAL, UpdatePolicy.NO_3RD_PARTY_APP_UPDATES);
        service.deploy(osOnly, service.app("3.0"));
        UpdateManifest dev = service.manifest(service.claimed(osOnly), 0);
        assertEquals("25.05", release(dev), "No3rdPartyAppUpdates takes OS updates");
        assertEquals(Optional.empty(), dev.deployment());
        UpdateManifest all = service.manifest(service.claimed(service.store().deviceGroup(service.tenant().id(), d.deviceGroupId())
                .orElseThrow()), 0);
        assertEquals("25.05", release(all));
        assertEquals(Optional.of(d.id()), all.deployment());
        assertEquals("25.02", release(service.manifest(service.claimed(), 0)), "in no group: Retail");
        assertEquals("25.02", release(service.manifest(service.unclaimed(), 0)), "unclaimed: Retail");
        assertEquals(Optional.empty(), service.updates().targetedRelease(service.claimed(frozen)));
    }

    @Test
    void withoutReleasesOrBeforeAnyIsPublishedTheOsPhaseIsEmpty() throws Exception {
        DeviceUpdates bare = new DeviceUpdates(service.store(), service.signer(), service.clock());
        String d = service.claimed(service.group("Eval", OsFeed.RETAIL_EVAL, UpdatePolicy.UPDATE_ALL));
        assertEquals(Optional.empty(), bare.targetedRelease(d));
        assertEquals(List.of(), bare.content(d).phases().get(UpdatePhase.OS));
        DeviceUpdates early = new DeviceUpdates(service.store(), service.signer(), service.clock(), OsFeeds.of(Map.of("25.05", NEW)));
        assertEquals(Optional.empty(), early.targetedRelease(d), "not yet published");
    }

    @Test
    void aDeviceMayFetchTheSystemImagesOfItsReleaseOnly() throws Exception {
        DeviceGroup evalGroup = service.group("Eval", OsFeed.RETAIL_EVAL, UpdatePolicy.UPDATE_ALL);
        String eval = service.claimed(evalGroup);
        service.manifest(eval, 0); // names 25.02
        UUID oldOs = imageId(OLD, 2);
        UUID newOs = imageId(NEW, 2);
        assertArrayEquals(OLD.get(2), service.updates().systemImage(eval, oldOs).orElseThrow().bytes());
        assertEquals(Optional.empty(), service.updates().systemImage(eval, newOs), "25.05 is not published yet");
        service.setNow(PUBLISHED);
        assertTrue(service.updates().systemImage(eval, newOs).isPresent(), "the release it is to run now, before it asked again");
        assertTrue(service.updates().systemImage(eval, oldOs).isPresent(), "the one its last manifest named");
        service.manifest(eval, 0); // names 25.05
        assertEquals(Optional.empty(), service.updates().systemImage(eval, oldOs), "named by neither its last manifest nor its feed now");
        String frozen = service.claimed(service.group("Frozen", OsFeed.RETAIL_EVAL, UpdatePolicy.NO_UPDATES));
        service.manifest(frozen, 0);
        assertEquals(Optional.empty(), service.updates().systemImage(frozen, newOs), "NoUpdates: none");
        assertEquals(Optional.empty(), service.updates().systemImage(eval, new UUID(3, 4)), "no such image");
        assertEquals(Optional.empty(), service.updates().deployedImage(eval, newOs), "a system image is no tenant image");
    }

    @Test
    void aDeploymentLeavesRoomInTheManifestForTheReleasesImages() throws Exception {
        service.setNow(PUBLISHED);
        DeviceGroup g = service.group("Big", OsFeed.RETAIL_EVAL, UpdatePolicy.UPDATE_ALL);
        List<UUID> images = new ArrayList<>();
        for (int i = 0; i < UpdateManifest.MAX_IMAGES - 2; i++) {
            images.add(service.app("1." + i).imageId());
        }
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> service.store().createDeployment(service.tenant().id(), g.id(), images));
        assertTrue(e.getMessage().contains("at most 61"), e.getMessage());
        service.store().createDeployment(service.tenant().id(), g.id(), images.subList(0, 61));
        UpdateManifest m = service.manifest(service.claimed(g), 0);
        assertEquals(64, m.images(UpdatePhase.OS).size() + m.images(UpdatePhase.APPS).size());
    }
}
