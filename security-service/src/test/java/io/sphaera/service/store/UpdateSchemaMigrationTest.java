package io.sphaera.service.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * A store written at schema version 2 (before over-the-air updates) opens at the current version with its tenants,
 * tokens, devices, images and deployments kept, and takes manifests, deployment history and update reports from then on.
 * The version 2 store is made by the migrations themselves and filled with rows as version 2's store wrote them.
 */
class UpdateSchemaMigrationTest {
    private static final UUID TENANT = new UUID(0x4000_0000_0000_0001L, 0x8000_0000_0000_0001L);
    private static final UUID PRODUCT = new UUID(0x4000_0000_0000_0003L, 0x8000_0000_0000_0003L);
    private static final UUID GROUP = new UUID(0x4000_0000_0000_0004L, 0x8000_0000_0000_0004L);
    private static final UUID DEPLOYMENT = new UUID(0x4000_0000_0000_0005L, 0x8000_0000_0000_0005L);
    private static final UUID IMAGE = new UUID(0x1111, 1);
    private static final byte[] BYTES = {1, 2, 3};
    private static final String DEVICE = "ab".repeat(64);
    private static final String UNCLAIMED = "cd".repeat(64);
    private static final String TOKEN_SHA256 = "0f".repeat(32);
    private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");

    @TempDir
    Path dir;

    private Path database;

    @BeforeEach
    void aVersionTwoStore() throws Exception {
        database = dir.resolve(ServiceStore.DATABASE_FILE);
        try (Connection c = SqliteConnection.open(database)) {
            assertEquals(0, Schema.prepare(c, database.toString(), 2));
            sql(c, "INSERT INTO tenant (id, seq, name, name_key, created_us) VALUES (?, ?, ?, ?, ?)",
                    TENANT, 1L, "A", "a", micros(T0));
            sql(c, "INSERT INTO access_token (token_sha256, tenant_id, token_role, created_us) VALUES (?, ?, ?, ?)",
                    TOKEN_SHA256, TENANT, "Reader", micros(T0));
            sql(c, "INSERT INTO product (id, seq, tenant_id, name, name_key, description, created_us) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", PRODUCT, 1L, TENANT, "Lamp", "lamp", "", micros(T0));
            sql(c, "INSERT INTO device_group (id, seq, tenant_id, product_id, name, name_key, description, os_feed, "
                            + "update_policy, created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    GROUP, 1L, TENANT, PRODUCT, "Field Test", "field test", "", "Retail", "UpdateAll", micros(T0));
            sql(c, "INSERT INTO device (device_id, seq, tenant_id, device_group_id, claimed_us) VALUES (?, ?, ?, ?, ?)",
                    DEVICE, 1L, TENANT, GROUP, micros(T0.plusSeconds(1)));
            ImageRecord r = StoreTestData.imageRecord(IMAGE, BYTES);
            sql(c, "INSERT INTO image (tenant_id, id, seq, component_id, kind_code, name, image_version, "
                            + "security_version, sha256, size_bytes, added_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    TENANT, IMAGE, 1L, r.componentId(), r.kindCode(), r.name(), r.version(), r.securityVersion(),
                    r.sha256(), r.size(), micros(T0.plusSeconds(2)));
            sql(c, "INSERT INTO deployment (id, seq, tenant_id, device_group_id, created_us) VALUES (?, ?, ?, ?, ?)",
                    DEPLOYMENT, 1L, TENANT, GROUP, micros(T0.plusSeconds(3)));
            sql(c, "INSERT INTO deployment_image (deployment_id, image_order, tenant_id, image_id) VALUES (?, ?, ?, ?)",
                    DEPLOYMENT, 0, TENANT, IMAGE);
            sql(c, "INSERT INTO attestation (seq, device_id, os_version, certificate_serial, attested_us) "
                    + "VALUES (?, ?, ?, ?, ?)", 1L, DEVICE, "25.02", "1f", micros(T0.plusSeconds(4)));
            c.commit();
        }
        ImageBlobs.open(dir.resolve(ServiceStore.IMAGES_DIRECTORY)).put(StoreTestData.imageRecord(IMAGE, BYTES).sha256(), BYTES);
    }

    @Test
    void aVersionTwoStoreOpensAtTheCurrentVersionWithEverythingKept() throws Exception {
        try (ServiceStore store = ServiceStore.open(dir, new TickingClock(T0.plusSeconds(60)), new SplittableRandom(3))) {
            assertEquals(Optional.of(new Tenant(TENANT, "A", T0)), store.tenant(TENANT));
            assertEquals(Optional.of(new Device(DEVICE, TENANT, Optional.of(GROUP), T0.plusSeconds(1))), store.device(TENANT, DEVICE));
            assertEquals(UpdatePolicy.UPDATE_ALL, store.deviceGroup(TENANT, GROUP).orElseThrow().updatePolicy());
            Deployment kept = new Deployment(DEPLOYMENT, TENANT, GROUP, List.of(IMAGE), T0.plusSeconds(3));
            assertEquals(Optional.of(kept), store.currentDeployment(TENANT, GROUP));
            assertEquals(Optional.of(kept), store.deployment(TENANT, DEPLOYMENT));
            assertEquals(List.of(IMAGE), store.deploymentImages(kept).stream().map(Image::imageId).toList());
            assertArrayEquals(BYTES, store.readImageRange(StoreTestData.imageRecord(IMAGE, BYTES).sha256(), 0, 10));
            assertEquals("25.02", store.lastAttestation(DEVICE).orElseThrow().osVersion());

            // Nothing of updates yet; from now on manifests, history and reports are kept.
            assertEquals(Optional.empty(), store.lastManifest(DEVICE));
            assertEquals(Optional.empty(), store.lastUpdateReport(DEVICE));
            IssuedManifest first = new IssuedManifest(DEVICE, 1, "00".repeat(32), Optional.of(DEPLOYMENT), new byte[] {'{', '}'},
                    T0.plusSeconds(60), T0.plusSeconds(120));
            assertTrue(store.recordManifest(first));
            assertEquals(Optional.of(first), store.lastManifest(DEVICE));
            assertEquals(List.of(new DeploymentTargeting(DEVICE, DEPLOYMENT, 1, T0.plusSeconds(60))),
                    store.deploymentHistory(TENANT, DEVICE, PageRequest.first(10)).items());
            IssuedManifest unclaimed = new IssuedManifest(UNCLAIMED, 1, "11".repeat(32), Optional.empty(), new byte[] {'{', '}'},
                    T0.plusSeconds(60), T0.plusSeconds(120));
            assertTrue(store.recordManifest(unclaimed), "an unclaimed device has manifests too");
            UpdateReport report = new UpdateReport(1, Optional.of(DEPLOYMENT), UpdateOutcome.INSTALLED, "",
                    List.of(new InstalledImage(IMAGE, new UUID(0x1234, 0x5678), "1.0.0")));
            assertEquals(report, store.recordUpdateReport(DEVICE, report).report());
            assertEquals(report, store.lastUpdateReport(DEVICE).orElseThrow().report());
        }
        try (Connection c = SqliteConnection.open(database)) {
            assertEquals(Schema.CURRENT_VERSION, count(c, "SELECT version_number FROM schema_version"));
            assertEquals(Schema.CURRENT_VERSION, Schema.prepare(c, database.toString()), "already current");
            assertEquals(1, count(c, "SELECT COUNT(*) FROM access_token WHERE token_sha256 = '" + TOKEN_SHA256 + "'"));
        }
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
