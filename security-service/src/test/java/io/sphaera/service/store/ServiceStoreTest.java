package io.sphaera.service.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceStoreTest {
    @TempDir
    Path dir;

    private final SplittableRandom testRandom = new SplittableRandom(42);
    private ServiceStore store;

    @BeforeEach
    void open() {
        store = ServiceStore.open(dir, new TickingClock(), new SplittableRandom(7));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void tenantsAreKeptWithTheirCreationTime() {
        Tenant t = store.createTenant(" Contoso ");
        assertEquals("Contoso", t.name());
        assertEquals(Instant.parse("2025-03-01T12:00:00Z"), t.created());
        assertEquals(Optional.of(t), store.tenant(t.id()));
        assertEquals(Optional.empty(), store.tenant(UUID.randomUUID()));
        assertEquals(4, t.id().version(), "IDs are random (version 4) UUIDs");
    }

    @Test
    void idsRepeatForTheSameSeed(@TempDir Path other) {
        Tenant here = store.createTenant("Contoso");
        try (ServiceStore twin = ServiceStore.open(other, new TickingClock(), new SplittableRandom(7))) {
            assertEquals(here, twin.createTenant("Contoso"));
        }
    }

    @Test
    void productWithDefaultsGetsTheFivePlatformGroupsAtOnce() {
        Tenant t = store.createTenant("Contoso");
        Product p = store.createProduct(t.id(), "Coffee Maker", "Brews", true);
        assertEquals(Optional.of(p), store.product(t.id(), p.id()));
        List<DeviceGroup> groups = store.deviceGroups(t.id(), p.id(), PageRequest.first(100)).items();
        assertEquals(List.of("Development", "Field Test", "Production", "Production OS Evaluation",
                "Field Test OS Evaluation"), groups.stream().map(DeviceGroup::name).toList());
        DeviceGroup development = groups.get(0);
        assertEquals(UpdatePolicy.NO_3RD_PARTY_APP_UPDATES, development.updatePolicy());
        assertEquals(OsFeed.RETAIL, development.osFeed());
        for (DeviceGroup g : groups.subList(1, 3)) {
            assertEquals(OsFeed.RETAIL, g.osFeed());
            assertEquals(UpdatePolicy.UPDATE_ALL, g.updatePolicy());
        }
        for (DeviceGroup g : groups.subList(3, 5)) {
            assertEquals(OsFeed.RETAIL_EVAL, g.osFeed());
            assertEquals(UpdatePolicy.UPDATE_ALL, g.updatePolicy());
        }
        groups.forEach(g -> assertEquals(p.id(), g.productId()));
        groups.forEach(g -> assertEquals(t.id(), g.tenantId()));
    }

    @Test
    void productWithoutDefaultsHasNoGroups() {
        Tenant t = store.createTenant("Contoso");
        Product p = store.createProduct(t.id(), "Coffee Maker", null, false);
        assertEquals("", p.description());
        assertTrue(store.deviceGroups(t.id(), p.id(), PageRequest.first(10)).items().isEmpty());
    }

    @Test
    void productsUpdateNameAndDescriptionIndependently() {
        Tenant t = store.createTenant("Contoso");
        Product p = store.createProduct(t.id(), "Coffee Maker", "Brews", false);
        Product renamed = store.updateProduct(t.id(), p.id(), Optional.of("Tea Maker"), Optional.empty());
        assertEquals("Tea Maker", renamed.name());
        assertEquals("Brews", renamed.description());
        Product described = store.updateProduct(t.id(), p.id(), Optional.empty(), Optional.of("Steeps"));
        assertEquals(new Product(p.id(), t.id(), "Tea Maker", "Steeps", p.created()), described);
        assertEquals(Optional.of(described), store.product(t.id(), p.id()));
        assertThrows(InvalidInputException.class,
                () -> store.updateProduct(t.id(), p.id(), Optional.empty(), Optional.of("x".repeat(1001))));
        assertThrows(NotFoundException.class,
                () -> store.updateProduct(t.id(), UUID.randomUUID(), Optional.of("Oven"), Optional.empty()));
    }

    @Test
    void deviceGroupsAreCreatedAndUpdated() {
        Tenant t = store.createTenant("Contoso");
        Product p = store.createProduct(t.id(), "Lamp", "", false);
        DeviceGroup g = store.createDeviceGroup(t.id(), p.id(), "Beta", "early", OsFeed.RETAIL_EVAL,
                UpdatePolicy.NO_UPDATES);
        assertEquals(Optional.of(g), store.deviceGroup(t.id(), g.id()));
        DeviceGroup changed = store.updateDeviceGroup(t.id(), g.id(), Optional.empty(), Optional.empty(),
                Optional.of(OsFeed.RETAIL), Optional.of(UpdatePolicy.UPDATE_ALL));
        assertEquals(new DeviceGroup(g.id(), t.id(), p.id(), "Beta", "early", OsFeed.RETAIL,
                UpdatePolicy.UPDATE_ALL, g.created()), changed);
        assertEquals(Optional.of(changed), store.deviceGroup(t.id(), g.id()));
        assertEquals("Gamma", store.updateDeviceGroup(t.id(), g.id(), Optional.of("Gamma"), Optional.empty(),
                Optional.empty(), Optional.empty()).name());
    }

    @Test
    void aDeviceIsClaimedOnceForGood() {
        Tenant a = store.createTenant("A");
        Tenant b = store.createTenant("B");
        String id = DeviceIds.next(testRandom);
        Device d = store.claimDevice(a.id(), id.toUpperCase());
        assertEquals(id, d.deviceId(), "device IDs are kept in lower case");
        assertEquals(Optional.empty(), d.deviceGroupId());
        assertEquals(Optional.of(d), store.device(a.id(), id));
        assertEquals(Optional.of(a.id()), store.deviceOwner(id));
        assertEquals("deviceId", assertThrows(ConflictException.class, () -> store.claimDevice(a.id(), id)).field());
        assertThrows(ConflictException.class, () -> store.claimDevice(b.id(), id));
        assertEquals(Optional.empty(), store.device(b.id(), id));
        assertEquals(Optional.of(a.id()), store.deviceOwner(id), "a refused claim changes nothing");
        assertEquals(Optional.empty(), store.deviceOwner(DeviceIds.next(testRandom)));
    }

    @Test
    void malformedDeviceIdsAreRefused() {
        Tenant a = store.createTenant("A");
        String good = DeviceIds.next(testRandom);
        for (String bad : new String[] {"", "abc", good + "0", good.substring(1) + "g", null}) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> store.claimDevice(a.id(), bad));
            assertEquals("deviceId", e.field());
        }
        assertThrows(NotFoundException.class, () -> store.claimDevice(UUID.randomUUID(), good));
    }

    @Test
    void devicesMoveBetweenTheTenantsGroups() {
        Tenant t = store.createTenant("Contoso");
        Product p = store.createProduct(t.id(), "Lamp", "", true);
        List<DeviceGroup> groups = store.deviceGroups(t.id(), p.id(), PageRequest.first(10)).items();
        String first = DeviceIds.next(testRandom);
        String second = DeviceIds.next(testRandom);
        store.claimDevice(t.id(), first);
        store.claimDevice(t.id(), second);
        Device moved = store.moveDevice(t.id(), first, groups.get(1).id());
        assertEquals(Optional.of(groups.get(1).id()), moved.deviceGroupId());
        assertEquals(Optional.of(moved), store.device(t.id(), first));
        store.moveDevice(t.id(), second, groups.get(2).id());
        store.moveDevice(t.id(), first, groups.get(2).id());
        assertEquals(List.of(first, second), store.devices(t.id(), PageRequest.first(10), Optional.of(groups.get(2).id()))
                .items().stream().map(Device::deviceId).toList());
        assertTrue(store.devices(t.id(), PageRequest.first(10), Optional.of(groups.get(1).id())).items().isEmpty());
        assertEquals(2, store.devices(t.id(), PageRequest.first(10), Optional.empty()).items().size());
        assertEquals("deviceGroupId", assertThrows(NotFoundException.class,
                () -> store.moveDevice(t.id(), first, UUID.randomUUID())).field());
        assertEquals("deviceId", assertThrows(NotFoundException.class,
                () -> store.moveDevice(t.id(), DeviceIds.next(testRandom), groups.get(0).id())).field());
    }

    @Test
    void aTenantCaIsKeptOnceAndNeverPrinted() {
        Tenant t = store.createTenant("Contoso");
        assertEquals(Optional.empty(), store.tenantCa(t.id()));
        byte[] der = {0x30, 0x03, 0x02, 0x01, 0x01};
        String pem = "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n";
        TenantCa ca = store.putTenantCa(t.id(), pem, der);
        TenantCa read = store.tenantCa(t.id()).orElseThrow();
        assertEquals(ca, read);
        assertEquals(pem, read.keyPem());
        assertArrayEquals(der, read.certificateDer());
        assertFalse(read.toString().contains("PRIVATE"));
        assertThrows(ConflictException.class, () -> store.putTenantCa(t.id(), pem, der));
        assertThrows(NotFoundException.class, () -> store.putTenantCa(UUID.randomUUID(), pem, der));
    }

    @Test
    void imagesKeepTheirRecordAndBytes() throws Exception {
        Tenant t = store.createTenant("Contoso");
        byte[] bytes = "an image package".getBytes(StandardCharsets.US_ASCII);
        ImageRecord record = StoreTestData.imageRecord(UUID.randomUUID(), bytes);
        Image image = store.addImage(t.id(), record, bytes);
        assertEquals(record, image.record());
        assertEquals(Optional.of(image), store.image(t.id(), record.imageId()));
        assertArrayEquals(bytes, Files.readAllBytes(store.imagePath(record.sha256()).orElseThrow()));
        assertArrayEquals("image".getBytes(StandardCharsets.US_ASCII), store.readImageRange(record.sha256(), 3, 5));
        assertArrayEquals("package".getBytes(StandardCharsets.US_ASCII),
                store.readImageRange(record.sha256().toUpperCase(), 9, 100), "a range stops at the end");
        assertEquals(0, store.readImageRange(record.sha256(), bytes.length, 10).length);
        assertThrows(InvalidInputException.class, () -> store.readImageRange(record.sha256(), bytes.length + 1, 1));
        assertEquals("imageId", assertThrows(ConflictException.class, () -> store.addImage(t.id(), record, bytes))
                .field());
        assertEquals(1, store.images(t.id(), PageRequest.first(10)).items().size());
    }

    @Test
    void anImageWhoseSizeDisagreesIsRefused() {
        Tenant t = store.createTenant("Contoso");
        byte[] bytes = {1, 2, 3};
        ImageRecord record = StoreTestData.imageRecord(UUID.randomUUID(), bytes);
        assertThrows(InvalidInputException.class, () -> store.addImage(t.id(), record, new byte[] {1, 2}));
        assertEquals(Optional.empty(), store.image(t.id(), record.imageId()));
        assertThrows(InvalidInputException.class, () -> new ImageRecord(UUID.randomUUID(), UUID.randomUUID(), 10,
                "x", "1", 0, "abc", 3));
    }

    @Test
    void theNewestDeploymentIsCurrentEvenWhenTheClockStandsStill(@TempDir Path other) throws Exception {
        try (ServiceStore still = ServiceStore.open(other,
                InstantSource.fixed(Instant.parse("2025-01-01T00:00:00Z")), new SplittableRandom(9))) {
            Tenant t = still.createTenant("Contoso");
            Product p = still.createProduct(t.id(), "Lamp", "", true);
            DeviceGroup g = still.deviceGroups(t.id(), p.id(), PageRequest.first(1)).items().get(0);
            List<UUID> images = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                byte[] bytes = ("image " + i).getBytes(StandardCharsets.US_ASCII);
                images.add(still.addImage(t.id(), StoreTestData.imageRecord(UUID.randomUUID(), bytes), bytes)
                        .imageId());
            }
            assertEquals(Optional.empty(), still.currentDeployment(t.id(), g.id()));
            List<Deployment> made = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                made.add(still.createDeployment(t.id(), g.id(), List.of(images.get(i % 3), images.get((i + 1) % 3))));
                assertEquals(Optional.of(made.get(i)), still.currentDeployment(t.id(), g.id()));
            }
            List<Deployment> history = still.deployments(t.id(), g.id(), PageRequest.first(100)).items();
            assertEquals(made.reversed(), history);
            assertThrows(UnsupportedOperationException.class, () -> history.get(0).imageIds().clear());
        }
    }

    @Test
    void deploymentsRefuseUnknownAndRepeatedImagesAndLeaveNothingBehind() {
        Tenant t = store.createTenant("Contoso");
        Product p = store.createProduct(t.id(), "Lamp", "", true);
        DeviceGroup g = store.deviceGroups(t.id(), p.id(), PageRequest.first(1)).items().get(0);
        byte[] bytes = {9, 9, 9};
        UUID image = store.addImage(t.id(), StoreTestData.imageRecord(UUID.randomUUID(), bytes), bytes).imageId();
        assertEquals("imageIds", assertThrows(NotFoundException.class,
                () -> store.createDeployment(t.id(), g.id(), List.of(image, UUID.randomUUID()))).field());
        assertThrows(InvalidInputException.class, () -> store.createDeployment(t.id(), g.id(), List.of(image, image)));
        assertThrows(NotFoundException.class, () -> store.createDeployment(t.id(), UUID.randomUUID(), List.of(image)));
        assertEquals(Optional.empty(), store.currentDeployment(t.id(), g.id()));
        Deployment empty = store.createDeployment(t.id(), g.id(), List.of());
        assertEquals(List.of(), store.currentDeployment(t.id(), g.id()).orElseThrow().imageIds());
        assertEquals(empty, store.currentDeployment(t.id(), g.id()).orElseThrow());
    }

    @Test
    void theAttestationLogKeepsTheLatest() {
        String id = DeviceIds.next(testRandom);
        assertEquals(Optional.empty(), store.lastAttestation(id));
        store.recordAttestation(id, "25.02", "0A1B").join();
        Attestation second = store.recordAttestation(id, "25.05", "0a1c").join();
        store.recordAttestation(DeviceIds.next(testRandom), "25.05", "ff").join();
        assertEquals(Optional.of(second), store.lastAttestation(id.toUpperCase()));
        assertEquals("0a1c", second.certificateSerialHex());
        assertThrows(InvalidInputException.class, () -> store.recordAttestation(id, "25.05", "xyz"));
    }

    @Test
    void errorEventsAreKeptOnlyForClaimedDevicesWithTheirTenant() {
        Tenant a = store.createTenant("A");
        Tenant b = store.createTenant("B");
        String claimed = DeviceIds.next(testRandom);
        String stray = DeviceIds.next(testRandom);
        store.claimDevice(a.id(), claimed);
        Instant start = Instant.parse("2025-02-01T00:00:00Z");
        ErrorEvent crash = new ErrorEvent(ErrorEventType.UNPLANNED, "AppCrash", "blink", "signal 11", 3, start,
                start.plusSeconds(3600));
        ErrorEvent exit = new ErrorEvent(ErrorEventType.PLANNED, "AppExit", "blink", "exit 0", 1, start,
                start.plusSeconds(60));
        assertEquals(2, store.recordErrorEvents(claimed, List.of(crash, exit)));
        assertEquals(0, store.recordErrorEvents(stray, List.of(crash)));
        List<ReportedErrorEvent> report = store.errorEvents(a.id(), PageRequest.first(10)).items();
        assertEquals(List.of(crash, exit), report.stream().map(ReportedErrorEvent::event).toList());
        assertEquals(claimed, report.get(0).deviceId());
        assertEquals(a.id(), report.get(0).tenantId());
        assertTrue(store.errorEvents(b.id(), PageRequest.first(10)).items().isEmpty());
        assertThrows(InvalidInputException.class, () -> new ErrorEvent(ErrorEventType.PLANNED, "AppExit", "", "", 1,
                start, start.minusSeconds(1)));
        assertThrows(InvalidInputException.class, () -> new ErrorEvent(ErrorEventType.PLANNED, "AppExit", "", "", 0,
                start, start));
    }

    @Test
    void reopeningKeepsEverything() {
        Tenant t = store.createTenant("Contoso");
        String token = store.issueToken(t.id(), Role.CONTRIBUTOR);
        Product p = store.createProduct(t.id(), "Lamp", "Bright", true);
        DeviceGroup g = store.deviceGroups(t.id(), p.id(), PageRequest.first(1)).items().get(0);
        String id = DeviceIds.next(testRandom);
        store.claimDevice(t.id(), id);
        Device d = store.moveDevice(t.id(), id, g.id());
        byte[] bytes = {4, 5, 6};
        Image image = store.addImage(t.id(), StoreTestData.imageRecord(UUID.randomUUID(), bytes), bytes);
        Deployment deployment = store.createDeployment(t.id(), g.id(), List.of(image.imageId()));
        TenantCa ca = store.putTenantCa(t.id(), "pem", new byte[] {1});
        Attestation attestation = store.recordAttestation(id, "25.05", "01").join();
        store.close();
        store.close(); // closing twice is harmless
        assertThrows(StoreException.class, () -> store.tenant(t.id()), "a closed store refuses work");

        store = ServiceStore.open(dir, new TickingClock(), new SplittableRandom(8));
        assertEquals(Optional.of(t), store.tenant(t.id()));
        assertEquals(Optional.of(new Grant(t.id(), Role.CONTRIBUTOR)), store.authenticate(token));
        assertEquals(Optional.of(p), store.product(t.id(), p.id()));
        assertEquals(5, store.deviceGroups(t.id(), p.id(), PageRequest.first(10)).items().size());
        assertEquals(Optional.of(d), store.device(t.id(), id));
        assertEquals(Optional.of(image), store.image(t.id(), image.imageId()));
        assertArrayEquals(bytes, store.readImageRange(image.record().sha256(), 0, 10));
        assertEquals(Optional.of(deployment), store.currentDeployment(t.id(), g.id()));
        assertEquals(Optional.of(ca), store.tenantCa(t.id()));
        assertEquals(Optional.of(attestation), store.lastAttestation(id));
        assertThrows(ConflictException.class, () -> store.createTenant("contoso"));
    }

    @Test
    void aSecondStoreOnTheSameDirectoryIsRefused() {
        StoreException e = assertThrows(StoreException.class,
                () -> ServiceStore.open(dir, new TickingClock(), new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }

    @Test
    void aStoreFromANewerSphaeraIsRefused() throws Exception {
        store.createTenant("Contoso");
        store.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(ServiceStore.DATABASE_FILE));
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE schema_version SET version_number = 99");
        }
        StoreException e = assertThrows(StoreException.class,
                () -> ServiceStore.open(dir, new TickingClock(), new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("schema version 99, newer than the " + Schema.CURRENT_VERSION),
                e.getMessage());
        // The refusal released the directory and changed nothing: the version this Sphaera writes opens again.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(ServiceStore.DATABASE_FILE));
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE schema_version SET version_number = " + Schema.CURRENT_VERSION);
        }
        store = ServiceStore.open(dir, new TickingClock(), new SplittableRandom(1));
        assertEquals(1, store.tenants(PageRequest.first(10)).items().size());
    }

    @Test
    void aForeignDatabaseIsRefused(@TempDir Path other) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other.resolve(ServiceStore.DATABASE_FILE));
                Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE notes (body VARCHAR(10))");
        }
        StoreException e = assertThrows(StoreException.class,
                () -> ServiceStore.open(other, new TickingClock(), new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("not a Sphaera service store"), e.getMessage());
    }

    @Test
    void severalThreadsMayWriteAtOnce() throws Exception {
        Tenant t = store.createTenant("Contoso");
        List<Callable<List<Product>>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(() -> {
                List<Product> made = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    made.add(store.createProduct(t.id(), "P " + writer + " " + i, "", i % 2 == 0));
                }
                return made;
            });
        }
        List<Product> all = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<List<Product>> f : pool.invokeAll(writers)) {
                all.addAll(f.get());
            }
        }
        List<Product> listed = store.products(t.id(), PageRequest.first(1000)).items();
        assertEquals(40, listed.size());
        assertTrue(listed.containsAll(all));
        for (Product p : listed) {
            int groups = store.deviceGroups(t.id(), p.id(), PageRequest.first(10)).items().size();
            assertTrue(groups == 0 || groups == 5);
        }
    }
}
