package io.sphaera.service.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store written at schema version 1 (image IDs global) opens at the current version with everything kept, and
 * from then on image IDs are per tenant. The version 1 store is made by the version 1 migration itself and filled
 * with rows as version 1's store wrote them.
 */
class SchemaMigrationTest {
    private static final UUID TENANT_A = new UUID(0x4000_0000_0000_0001L, 0x8000_0000_0000_0001L);
    private static final UUID TENANT_B = new UUID(0x4000_0000_0000_0002L, 0x8000_0000_0000_0002L);
    private static final UUID PRODUCT_A = new UUID(0x4000_0000_0000_0003L, 0x8000_0000_0000_0003L);
    private static final UUID GROUP_A = new UUID(0x4000_0000_0000_0004L, 0x8000_0000_0000_0004L);
    private static final UUID DEPLOYMENT_A = new UUID(0x4000_0000_0000_0005L, 0x8000_0000_0000_0005L);
    private static final UUID IMAGE_A1 = new UUID(0x1111, 1);
    private static final UUID IMAGE_A2 = new UUID(0x1111, 2);
    private static final UUID IMAGE_B = new UUID(0x2222, 1);
    private static final byte[] BYTES_A1 = {1, 1, 1};
    private static final byte[] BYTES_A2 = {2, 2, 2, 2};
    private static final byte[] BYTES_B = {3};
    private static final Instant T0 = Instant.parse("2025-02-01T00:00:00Z");

    @TempDir
    Path dir;

    @BeforeEach
    void aVersionOneStore() throws Exception {
        try (StoreDatabase db = StoreDatabase.atVersion(dir, 1)) {
            db.tenant(TENANT_A, 1, "A", T0);
            db.tenant(TENANT_B, 2, "B", T0);
            db.product(PRODUCT_A, 1, TENANT_A, "Lamp", T0);
            db.deviceGroup(GROUP_A, 1, TENANT_A, PRODUCT_A, "Development", T0);
            db.image(TENANT_A, IMAGE_A1, BYTES_A1, 1, T0.plusSeconds(1));
            db.image(TENANT_A, IMAGE_A2, BYTES_A2, 2, T0.plusSeconds(2));
            db.image(TENANT_B, IMAGE_B, BYTES_B, 3, T0.plusSeconds(3));
            db.deployment(DEPLOYMENT_A, 1, TENANT_A, GROUP_A, T0.plusSeconds(5));
            // Version 1's deployment_image: no tenant column.
            db.insert("INSERT INTO deployment_image (deployment_id, image_order, image_id) VALUES (?, ?, ?)",
                    DEPLOYMENT_A, 0, IMAGE_A2);
            db.insert("INSERT INTO deployment_image (deployment_id, image_order, image_id) VALUES (?, ?, ?)",
                    DEPLOYMENT_A, 1, IMAGE_A1);
            db.commit();
        }
    }

    @Test
    void aVersionOneStoreOpensWithItsImagesAndDeploymentsKept() throws Exception {
        try (ServiceStore store = ServiceStore.open(dir, new TickingClock(), new SplittableRandom(3))) {
            Image a1 = new Image(TENANT_A, record(IMAGE_A1, BYTES_A1), T0.plusSeconds(1));
            Image a2 = new Image(TENANT_A, record(IMAGE_A2, BYTES_A2), T0.plusSeconds(2));
            Image b = new Image(TENANT_B, record(IMAGE_B, BYTES_B), T0.plusSeconds(3));
            assertEquals(List.of(a1, a2), store.images(TENANT_A, PageRequest.first(10)).items());
            assertEquals(List.of(b), store.images(TENANT_B, PageRequest.first(10)).items());
            assertEquals(Optional.empty(), store.image(TENANT_B, IMAGE_A1));
            Deployment kept = new Deployment(DEPLOYMENT_A, TENANT_A, GROUP_A, List.of(IMAGE_A2, IMAGE_A1),
                    T0.plusSeconds(5));
            assertEquals(Optional.of(kept), store.currentDeployment(TENANT_A, GROUP_A));
            assertArrayEquals(BYTES_A2, store.readImageRange(a2.record().sha256(), 0, 100));

            // Now per tenant: B takes an ID A holds; A's same ID twice is still refused.
            byte[] other = {4, 4};
            assertEquals(TENANT_B, store.addImage(TENANT_B, record(IMAGE_A1, other), other).tenantId());
            assertThrows(ConflictException.class, () -> store.addImage(TENANT_A, record(IMAGE_A1, other), other));
            assertEquals(Optional.of(a1), store.image(TENANT_A, IMAGE_A1));
            // The image sequence goes on from the copied rows, so lists keep their order.
            assertEquals(List.of(a1, a2), store.images(TENANT_A, PageRequest.first(10)).items());
            Deployment next = store.createDeployment(TENANT_A, GROUP_A, List.of(IMAGE_A1));
            assertEquals(Optional.of(next), store.currentDeployment(TENANT_A, GROUP_A));
            assertEquals(List.of(next, kept), store.deployments(TENANT_A, GROUP_A, PageRequest.first(10)).items());
        }
        try (StoreDatabase db = StoreDatabase.open(dir)) {
            assertEquals(Schema.CURRENT_VERSION, db.version());
            assertEquals(Schema.CURRENT_VERSION, db.migrate(), "already current");
        }
    }

    @Test
    void theMigratedSchemaHoldsADeploymentToItsOwnTenantsImages() throws Exception {
        ServiceStore.open(dir, new TickingClock(), new SplittableRandom(3)).close();
        try (StoreDatabase db = StoreDatabase.open(dir)) {
            // A's deployment naming B's image, or claiming to be B's: the database itself refuses both.
            assertThrows(SQLException.class, () -> db.deploymentImage(DEPLOYMENT_A, 2, TENANT_A, IMAGE_B));
            db.rollback();
            assertThrows(SQLException.class, () -> db.deploymentImage(DEPLOYMENT_A, 2, TENANT_B, IMAGE_B));
            db.rollback();
            db.deploymentImage(DEPLOYMENT_A, 2, TENANT_A, IMAGE_A1);
            db.rollback();
        }
    }

    @Test
    void aMigrationThatFailsLeavesTheVersionOneStoreAsItWas() throws Exception {
        // Only a broken version 1 store holds this (version 1's store checked the tenant): A's deployment naming
        // B's image. It cannot be carried over, so opening refuses and changes nothing.
        try (StoreDatabase db = StoreDatabase.open(dir)) {
            db.insert("INSERT INTO deployment_image (deployment_id, image_order, image_id) VALUES (?, ?, ?)",
                    DEPLOYMENT_A, 2, IMAGE_B);
            db.commit();
        }
        StoreException e = assertThrows(StoreException.class,
                () -> ServiceStore.open(dir, new TickingClock(), new SplittableRandom(3)));
        assertTrue(e.getMessage().contains("cannot open the service store"), e.getMessage());
        try (StoreDatabase db = StoreDatabase.open(dir)) {
            assertEquals(1, db.version());
            assertEquals(3, db.count("SELECT COUNT(*) FROM image"));
            assertEquals(3, db.count("SELECT COUNT(*) FROM deployment_image"));
        }
    }

    private static ImageRecord record(UUID imageId, byte[] bytes) {
        return StoreTestData.imageRecord(imageId, bytes);
    }
}
