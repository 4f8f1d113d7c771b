package io.sphaera.service.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store keeps of over-the-air updates: each device's last manifest, its deployment history, its reports. */
class UpdateRecordsTest {
    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    @TempDir
    Path dir;

    private final SplittableRandom random = new SplittableRandom(11);
    private ServiceStore store;
    private Tenant tenant;
    private String device;
    private Deployment d1;
    private Deployment d2;

    @BeforeEach
    void open() {
        store = ServiceStore.open(dir, new TickingClock(T0), new SplittableRandom(5));
        TenantWithGroup contoso = TenantWithGroup.createIn(store);
        tenant = contoso.tenant();
        DeviceGroup g = contoso.group();
        byte[] bytes = {1, 2, 3};
        Image image = store.addImage(tenant.id(), StoreTestData.imageRecord(UUID.randomUUID(), bytes), bytes);
        d1 = store.createDeployment(tenant.id(), g.id(), List.of(image.imageId()));
        d2 = store.createDeployment(tenant.id(), g.id(), List.of(image.imageId()));
        device = DeviceIds.next(random);
        store.claimDevice(tenant.id(), device);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private IssuedManifest manifest(long version, Optional<UUID> deployment) {
        Instant issued = T0.plusSeconds(version * 60);
        return new IssuedManifest(device, version, StoreTestData.sha256(new byte[] {(byte) version}), deployment,
                ("{\"v\":" + version + "}").getBytes(), issued, issued.plusSeconds(3600));
    }

    @Test
    void aManifestIsKeptOnlyInPlaceOfTheOneBeforeIt() {
        assertEquals(Optional.empty(), store.lastManifest(device));
        assertFalse(store.recordManifest(manifest(2, Optional.empty())), "version 2 before any");
        IssuedManifest first = manifest(1, Optional.of(d1.id()));
        assertTrue(store.recordManifest(first));
        IssuedManifest rival = new IssuedManifest(device, 1, "ee".repeat(32), Optional.empty(), new byte[] {1},
                T0, T0.plusSeconds(1));
        assertFalse(store.recordManifest(rival), "a second version 1");
        assertFalse(store.recordManifest(manifest(3, Optional.empty())), "a version skipped");
        assertEquals(Optional.of(first), store.lastManifest(device), "the refused ones changed nothing");
        IssuedManifest second = manifest(2, Optional.empty());
        assertTrue(store.recordManifest(second));
        assertEquals(Optional.of(second), store.lastManifest(device));
    }

    @Test
    void aManifestNamingNoDeploymentOfTheStoreIsRefusedWhole() {
        assertThrows(StoreException.class, () -> store.recordManifest(manifest(1, Optional.of(UUID.randomUUID()))));
        assertEquals(Optional.empty(), store.lastManifest(device));
        assertTrue(store.recordManifest(manifest(1, Optional.empty())));
    }

    @Test
    void theHistoryHasARowEachTimeTheDeviceIsTargetedWithAnotherDeployment() {
        List<Optional<UUID>> named = List.of(Optional.of(d1.id()), Optional.of(d1.id()), Optional.empty(),
                Optional.of(d1.id()), Optional.of(d2.id()), Optional.of(d1.id()));
        for (int i = 0; i < named.size(); i++) {
            assertTrue(store.recordManifest(manifest(i + 1, named.get(i))));
        }
        // A manifest without a deployment leaves the device's apps alone: d1 again after it is no new targeting.
        List<DeploymentTargeting> expected = List.of(
                new DeploymentTargeting(device, d1.id(), 6, T0.plusSeconds(360)),
                new DeploymentTargeting(device, d2.id(), 5, T0.plusSeconds(300)),
                new DeploymentTargeting(device, d1.id(), 1, T0.plusSeconds(60)));
        List<DeploymentTargeting> paged = new ArrayList<>();
        Page<DeploymentTargeting> page = store.deploymentHistory(tenant.id(), device, PageRequest.first(2));
        paged.addAll(page.items());
        assertEquals(2, page.items().size());
        page = store.deploymentHistory(tenant.id(), device, PageRequest.first(2).next(page));
        paged.addAll(page.items());
        assertEquals(Optional.empty(), page.continuationToken());
        assertEquals(expected, paged, "newest first");
    }

    @Test
    void aDevicesHistoryIsItsTenantsOnly() {
        Tenant other = store.createTenant("Fabrikam");
        assertThrows(NotFoundException.class, () -> store.deploymentHistory(other.id(), device, PageRequest.first(10)));
        assertThrows(NotFoundException.class, () -> store.deploymentHistory(tenant.id(), DeviceIds.next(random),
                PageRequest.first(10)));
        Page<DeploymentTargeting> mine = store.deploymentHistory(tenant.id(), device, PageRequest.first(10));
        assertEquals(List.of(), mine.items());
    }

    @Test
    void reportsAreKeptWithTheirImagesAndTheNewestIsTheLast() {
        assertEquals(Optional.empty(), store.lastUpdateReport(device));
        List<InstalledImage> installed = List.of(new InstalledImage(new UUID(1, 2), new UUID(3, 4), "1.2.3"),
                new InstalledImage(new UUID(5, 6), new UUID(7, 8), "24.06"));
        UpdateReport installedReport = new UpdateReport(4, Optional.of(d1.id()), UpdateOutcome.INSTALLED, "ok \"quoted\"\nline",
                installed);
        ReceivedUpdateReport first = store.recordUpdateReport(device, installedReport);
        assertEquals(device, first.deviceId());
        assertEquals(Optional.of(first), store.lastUpdateReport(device));
        UpdateReport failed = new UpdateReport(5, Optional.empty(), UpdateOutcome.FAILED, "", List.of());
        ReceivedUpdateReport second = store.recordUpdateReport(device, failed);
        assertTrue(second.received().isAfter(first.received()));
        assertEquals(Optional.of(second), store.lastUpdateReport(device));
        String unclaimed = DeviceIds.next(random);
        assertEquals(installedReport, store.recordUpdateReport(unclaimed, installedReport).report(), "kept for unclaimed devices too");
    }

    @Test
    void aReportOutOfBoundsIsRefusedBeforeTheStore() {
        List<InstalledImage> none = List.of();
        assertThrows(InvalidInputException.class, () -> new UpdateReport(0, Optional.empty(), UpdateOutcome.FAILED, "", none));
        assertThrows(InvalidInputException.class, () -> new UpdateReport(1, Optional.empty(), UpdateOutcome.FAILED,
                "x".repeat(UpdateReport.MAX_DETAIL_LENGTH + 1), none));
        List<InstalledImage> many = new ArrayList<>();
        for (int i = 0; i <= UpdateReport.MAX_INSTALLED_IMAGES; i++) {
            many.add(new InstalledImage(new UUID(0, i), new UUID(1, i), "1.0"));
        }
        assertThrows(InvalidInputException.class, () -> new UpdateReport(1, Optional.empty(), UpdateOutcome.INSTALLED, "", many));
        InstalledImage one = new InstalledImage(new UUID(0, 1), new UUID(1, 1), "1.0");
        assertThrows(InvalidInputException.class, () -> new UpdateReport(1, Optional.empty(), UpdateOutcome.INSTALLED, "",
                List.of(one, one)));
        assertThrows(InvalidInputException.class, () -> new InstalledImage(new UUID(0, 1), new UUID(1, 1), "1.0-beta"));
        assertEquals(Optional.of(UpdateOutcome.ROLLED_BACK), UpdateOutcome.fromName("RolledBack"));
        assertEquals(Optional.empty(), UpdateOutcome.fromName("rolledback"));
    }
}
