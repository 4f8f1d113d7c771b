package io.sphaera.service.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tenant B's ID gets nothing of tenant A's: it reads as missing and cannot be changed or used. */
class TenantIsolationTest {
    @TempDir
    Path dir;

    private ServiceStore store;
    private Tenant a;
    private Tenant b;
    private Product productA;
    private DeviceGroup groupA;
    private DeviceGroup groupB;
    private String deviceA;
    private String deviceB;
    private Image imageA;
    private Deployment deploymentA;

    @BeforeEach
    void twoTenants() {
        SplittableRandom random = new SplittableRandom(5);
        store = ServiceStore.open(dir, new TickingClock(), random.split());
        a = store.createTenant("A");
        b = store.createTenant("B");
        productA = store.createProduct(a.id(), "Lamp", "", true);
        groupA = store.deviceGroups(a.id(), productA.id(), PageRequest.first(1)).items().get(0);
        Product productB = store.createProduct(b.id(), "Lamp", "", true);
        groupB = store.deviceGroups(b.id(), productB.id(), PageRequest.first(1)).items().get(0);
        deviceA = DeviceIds.next(random);
        deviceB = DeviceIds.next(random);
        store.claimDevice(a.id(), deviceA);
        store.claimDevice(b.id(), deviceB);
        store.moveDevice(a.id(), deviceA, groupA.id());
        byte[] bytes = {1, 2, 3, 4};
        imageA = store.addImage(a.id(), StoreTestData.imageRecord(StoreTestData.uuid(random), bytes), bytes);
        deploymentA = store.createDeployment(a.id(), groupA.id(), List.of(imageA.imageId()));
        store.recordErrorEvents(deviceA, List.of(new ErrorEvent(ErrorEventType.UNPLANNED, "AppCrash", "", "", 1,
                a.created(), a.created())));
        store.putTenantCa(a.id(), "pem of A", new byte[] {7});
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void bReadsNothingOfA() {
        assertEquals(Optional.empty(), store.product(b.id(), productA.id()));
        assertEquals(Optional.empty(), store.deviceGroup(b.id(), groupA.id()));
        assertEquals(Optional.empty(), store.device(b.id(), deviceA));
        assertEquals(Optional.empty(), store.image(b.id(), imageA.imageId()));
        assertEquals(Optional.empty(), store.currentDeployment(b.id(), groupA.id()));
        assertEquals(Optional.empty(), store.tenantCa(b.id()));
        assertTrue(store.deployments(b.id(), groupA.id(), PageRequest.first(10)).items().isEmpty());
        assertTrue(store.deviceGroups(b.id(), productA.id(), PageRequest.first(10)).items().isEmpty());
        assertTrue(store.devices(b.id(), PageRequest.first(10), Optional.of(groupA.id())).items().isEmpty());
        assertEquals(List.of(deviceB), store.devices(b.id(), PageRequest.first(10), Optional.empty()).items().stream()
                .map(Device::deviceId).toList());
        assertTrue(store.images(b.id(), PageRequest.first(10)).items().isEmpty());
        assertTrue(store.errorEvents(b.id(), PageRequest.first(10)).items().isEmpty());
        assertEquals(1, store.products(b.id(), PageRequest.first(10)).items().size());
    }

    @Test
    void bChangesNothingOfA() {
        assertThrows(NotFoundException.class, () -> store.moveDevice(b.id(), deviceA, groupB.id()));
        assertThrows(NotFoundException.class, () -> store.moveDevice(b.id(), deviceB, groupA.id()));
        assertThrows(NotFoundException.class,
                () -> store.updateProduct(b.id(), productA.id(), Optional.of("Mine"), Optional.empty()));
        assertThrows(NotFoundException.class, () -> store.updateDeviceGroup(b.id(), groupA.id(), Optional.of("Mine"),
                Optional.empty(), Optional.empty(), Optional.of(UpdatePolicy.NO_UPDATES)));
        assertThrows(NotFoundException.class, () -> store.createDeviceGroup(b.id(), productA.id(), "Mine", "",
                OsFeed.RETAIL, UpdatePolicy.UPDATE_ALL));
        assertThrows(NotFoundException.class, () -> store.createDeployment(b.id(), groupA.id(), List.of()));
        assertThrows(NotFoundException.class,
                () -> store.createDeployment(b.id(), groupB.id(), List.of(imageA.imageId())));
        assertThrows(NotFoundException.class, () -> store.createDeployment(a.id(), groupB.id(), List.of()));

        assertEquals(Optional.of(groupA.id()), store.device(a.id(), deviceA).orElseThrow().deviceGroupId());
        assertEquals(Optional.empty(), store.device(b.id(), deviceB).orElseThrow().deviceGroupId());
        assertEquals(Optional.of(productA), store.product(a.id(), productA.id()));
        assertEquals(Optional.of(groupA), store.deviceGroup(a.id(), groupA.id()));
        assertEquals(Optional.of(deploymentA), store.currentDeployment(a.id(), groupA.id()));
        assertEquals(Optional.empty(), store.currentDeployment(b.id(), groupB.id()));
    }

    @Test
    void bUploadsAnImageWithTheIdAHoldsAndEachSeesOnlyItsOwn() {
        byte[] bytesB = {9, 8, 7, 6, 5};
        ImageRecord recordB = StoreTestData.imageRecord(imageA.imageId(), bytesB);
        Image imageB = store.addImage(b.id(), recordB, bytesB);
        assertEquals(b.id(), imageB.tenantId());
        assertEquals(recordB, imageB.record());

        assertEquals(Optional.of(imageA), store.image(a.id(), imageA.imageId()));
        assertEquals(Optional.of(imageB), store.image(b.id(), imageA.imageId()));
        assertEquals(List.of(imageA), store.images(a.id(), PageRequest.first(10)).items());
        assertEquals(List.of(imageB), store.images(b.id(), PageRequest.first(10)).items());
        assertArrayEquals(bytesB, store.readImageRange(store.image(b.id(), imageA.imageId()).orElseThrow().record()
                .sha256(), 0, 100));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, store.readImageRange(store.image(a.id(), imageA.imageId())
                .orElseThrow().record().sha256(), 0, 100));
    }

    @Test
    void theSameIdTwiceInOneTenantIsAConflictAndTheAnswerIsTheSameWhateverATenantHolds() {
        byte[] bytes = {9, 8, 7};
        UUID freeEverywhere = new UUID(77, 88);
        store.addImage(b.id(), StoreTestData.imageRecord(freeEverywhere, bytes), bytes);
        store.addImage(b.id(), StoreTestData.imageRecord(imageA.imageId(), bytes), bytes);
        ConflictException fresh = assertThrows(ConflictException.class,
                () -> store.addImage(b.id(), StoreTestData.imageRecord(freeEverywhere, bytes), bytes));
        ConflictException heldByA = assertThrows(ConflictException.class,
                () -> store.addImage(b.id(), StoreTestData.imageRecord(imageA.imageId(), bytes), bytes));
        assertEquals("imageId", heldByA.field());
        assertEquals(fresh.getMessage().replace(freeEverywhere.toString(), "ID"),
                heldByA.getMessage().replace(imageA.imageId().toString(), "ID"));
        assertThrows(ConflictException.class,
                () -> store.addImage(a.id(), StoreTestData.imageRecord(imageA.imageId(), bytes), bytes));
        assertEquals(2, store.images(b.id(), PageRequest.first(10)).items().size());
        assertEquals(List.of(imageA), store.images(a.id(), PageRequest.first(10)).items());
    }

    @Test
    void identicalBytesOfTwoTenantsShareOneBlobAndStayEachTenantsImage() {
        byte[] bytes = {1, 2, 3, 4};
        Image imageB = store.addImage(b.id(), StoreTestData.imageRecord(new UUID(5, 6), bytes), bytes);
        assertEquals(imageA.record().sha256(), imageB.record().sha256());
        assertEquals(store.imagePath(imageA.record().sha256()), store.imagePath(imageB.record().sha256()));
        assertEquals(Optional.of(imageA), store.image(a.id(), imageA.imageId()));
        assertEquals(Optional.empty(), store.image(a.id(), imageB.imageId()));
        assertArrayEquals(bytes, store.readImageRange(imageB.record().sha256(), 0, 100));
    }

    @Test
    void bDeploysOnlyItsOwnImageOfAnIdAHoldsToo() {
        byte[] bytesB = {9, 8, 7, 6, 5};
        Image imageB = store.addImage(b.id(), StoreTestData.imageRecord(imageA.imageId(), bytesB), bytesB);
        Deployment deploymentB = store.createDeployment(b.id(), groupB.id(), List.of(imageA.imageId()));
        assertEquals(List.of(imageB.imageId()), deploymentB.imageIds());
        // What a device of B's group is given resolves in B's tenant: B's record, B's bytes.
        UUID owner = store.deviceOwner(deviceB).orElseThrow();
        store.moveDevice(b.id(), deviceB, groupB.id());
        Deployment current = store.currentDeployment(owner, groupB.id()).orElseThrow();
        Image resolved = store.image(owner, current.imageIds().get(0)).orElseThrow();
        assertEquals(imageB, resolved);
        assertNotEquals(imageA.record().sha256(), resolved.record().sha256());
        assertArrayEquals(bytesB, store.readImageRange(resolved.record().sha256(), 0, 100));
        // A's deployment still names A's image.
        assertEquals(Optional.of(deploymentA), store.currentDeployment(a.id(), groupA.id()));
        assertEquals(Optional.of(imageA), store.image(a.id(), deploymentA.imageIds().get(0)));
        // An ID only A holds is, to B, no image at all.
        UUID onlyA = store.addImage(a.id(), StoreTestData.imageRecord(new UUID(1, 1), new byte[] {3}), new byte[] {3})
                .imageId();
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> store.createDeployment(b.id(), groupB.id(), List.of(onlyA)));
        NotFoundException none = assertThrows(NotFoundException.class,
                () -> store.createDeployment(b.id(), groupB.id(), List.of(new UUID(2, 2))));
        assertEquals(none.getMessage().replace(new UUID(2, 2).toString(), "ID"),
                e.getMessage().replace(onlyA.toString(), "ID"));
    }

    @Test
    void aContinuationTokenOfAIsRefusedForB() {
        for (int i = 0; i < 3; i++) {
            store.claimDevice(a.id(), DeviceIds.next(new SplittableRandom(100 + i)));
        }
        Page<Device> first = store.devices(a.id(), PageRequest.first(1), Optional.empty());
        PageRequest next = PageRequest.first(1).next(first);
        assertThrows(InvalidInputException.class, () -> store.devices(b.id(), next, Optional.empty()));
        assertThrows(InvalidInputException.class, () -> store.images(a.id(), next));
        assertEquals(1, store.devices(a.id(), next, Optional.empty()).items().size());
    }

    @Test
    void theDeviceFaceFindsEachDevicesOwnTenant() {
        assertEquals(Optional.of(a.id()), store.deviceOwner(deviceA));
        assertEquals(Optional.of(b.id()), store.deviceOwner(deviceB));
        assertEquals(Optional.empty(), store.deviceGroup(store.deviceOwner(deviceB).orElseThrow(), groupA.id()));
        UUID unknown = new UUID(3, 4);
        assertEquals(Optional.empty(), store.product(unknown, productA.id()));
    }
}
