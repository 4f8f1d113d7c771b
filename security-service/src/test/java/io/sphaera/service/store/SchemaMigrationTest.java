package io.sphaera.service.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

    private Path database;

    @BeforeEach
    void aVersionOneStore() throws Exception {
        database = dir.resolve(ServiceStore.DATABASE_FILE);
        try (Connection c = SqliteConnection.open(database)) {
            assertEquals(0, Schema.prepare(c, database.toString(), 1));
            sql(c, "INSERT INTO tenant (id, seq, name, name_key, created_us) VALUES (?, ?, ?, ?, ?)",
                    TENANT_A, 1L, "A", "a", micros(T0));
            sql(c, "INSERT INTO tenant (id, seq, name, name_key, created_us) VALUES (?, ?, ?, ?, ?)",
                    TENANT_B, 2L, "B", "b", micros(T0));
            sql(c, "INSERT INTO product (id, seq, tenant_id, name, name_key, description, created_us) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", PRODUCT_A, 1L, TENANT_A, "Lamp", "lamp", "", micros(T0));
            sql(c, "INSERT INTO device_group (id, seq, tenant_id, product_id, name, name_key, description, os_feed, "
                            + "update_policy, created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    GROUP_A, 1L, TENANT_A, PRODUCT_A, "Development", "development", "", "Retail", "UpdateAll",
                    micros(T0));
            insertVersionOneImage(c, TENANT_A, record(IMAGE_A1, BYTES_A1), 1L);
            insertVersionOneImage(c, TENANT_A, record(IMAGE_A2, BYTES_A2), 2L);
            insertVersionOneImage(c, TENANT_B, record(IMAGE_B, BYTES_B), 3L);
            sql(c, "INSERT INTO deployment (id, seq, tenant_id, device_group_id, created_us) VALUES (?, ?, ?, ?, ?)",
                    DEPLOYMENT_A, 1L, TENANT_A, GROUP_A, micros(T0.plusSeconds(5)));
            // Version 1's deployment_image: no tenant column.
            sql(c, "INSERT INTO deployment_image (deployment_id, image_order, image_id) VALUES (?, ?, ?)",
                    DEPLOYMENT_A, 0, IMAGE_A2);
            sql(c, "INSERT INTO deployment_image (deployment_id, image_order, image_id) VALUES (?, ?, ?)",
                    DEPLOYMENT_A, 1, IMAGE_A1);
            c.commit();
        }
        ImageBlobs blobs = ImageBlobs.open(dir.resolve(ServiceStore.IMAGES_DIRECTORY));
        blobs.put(record(IMAGE_A1, BYTES_A1).sha256(), BYTES_A1);
        blobs.put(record(IMAGE_A2, BYTES_A2).sha256(), BYTES_A2);
        blobs.put(record(IMAGE_B, BYTES_B).sha256(), BYTES_B);
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
        try (Connection c = SqliteConnection.open(database)) {
            assertEquals(Schema.CURRENT_VERSION, version(c));
            assertEquals(Schema.CURRENT_VERSION, Schema.prepare(c, database.toString()), "already current");
        }
    }

    @Test
    void theMigratedSchemaHoldsADeploymentToItsOwnTenantsImages() throws Exception {
        ServiceStore.open(dir, new TickingClock(), new SplittableRandom(3)).close();
        try (Connection c = SqliteConnection.open(database)) {
            // A's deployment naming B's image, or claiming to be B's: the database itself refuses both.
            assertThrows(SQLException.class, () -> sql(c, "INSERT INTO deployment_image (deployment_id, image_order, "
                    + "tenant_id, image_id) VALUES (?, ?, ?, ?)", DEPLOYMENT_A, 2, TENANT_A, IMAGE_B));
            c.rollback();
            assertThrows(SQLException.class, () -> sql(c, "INSERT INTO deployment_image (deployment_id, image_order, "
                    + "tenant_id, image_id) VALUES (?, ?, ?, ?)", DEPLOYMENT_A, 2, TENANT_B, IMAGE_B));
            c.rollback();
            sql(c, "INSERT INTO deployment_image (deployment_id, image_order, tenant_id, image_id) VALUES (?, ?, ?, ?)",
                    DEPLOYMENT_A, 2, TENANT_A, IMAGE_A1);
            c.rollback();
        }
    }

    @Test
    void aMigrationThatFailsLeavesTheVersionOneStoreAsItWas() throws Exception {
        // Only a broken version 1 store holds this (version 1's store checked the tenant): A's deployment naming
        // B's image. It cannot be carried over, so opening refuses and changes nothing.
        try (Connection c = SqliteConnection.open(database)) {
            sql(c, "INSERT INTO deployment_image (deployment_id, image_order, image_id) VALUES (?, ?, ?)",
                    DEPLOYMENT_A, 2, IMAGE_B);
            c.commit();
        }
        StoreException e = assertThrows(StoreException.class,
                () -> ServiceStore.open(dir, new TickingClock(), new SplittableRandom(3)));
        assertTrue(e.getMessage().contains("cannot open the service store"), e.getMessage());
        try (Connection c = SqliteConnection.open(database)) {
            assertEquals(1, version(c));
            assertEquals(3, count(c, "SELECT COUNT(*) FROM image"));
            assertEquals(3, count(c, "SELECT COUNT(*) FROM deployment_image"));
        }
    }

    private static ImageRecord record(UUID imageId, byte[] bytes) {
        return StoreTestData.imageRecord(imageId, bytes);
    }

    /** A row as version 1's store wrote it, added {@code seq} seconds after T0. */
    private static void insertVersionOneImage(Connection c, UUID tenant, ImageRecord r, long seq) throws SQLException {
        sql(c, "INSERT INTO image (id, seq, tenant_id, component_id, kind_code, name, image_version, "
                        + "security_version, sha256, size_bytes, added_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.imageId(), seq, tenant, r.componentId(), r.kindCode(), r.name(), r.version(), r.securityVersion(),
                r.sha256(), r.size(), micros(T0.plusSeconds(seq)));
    }

    private static void sql(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                s.setObject(i + 1, p instanceof UUID u ? u.toString() : p);
            }
            s.executeUpdate();
        }
    }

    private static int version(Connection c) throws SQLException {
        return count(c, "SELECT version_number FROM schema_version");
    }

    private static int count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            assertTrue(r.next());
            return r.getInt(1);
        }
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }
}
