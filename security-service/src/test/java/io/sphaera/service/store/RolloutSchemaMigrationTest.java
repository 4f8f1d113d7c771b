package io.sphaera.service.store;

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
 * A store written at schema version 3 (before staged rollouts) opens at version 4: every deployment it holds went to
 * its whole group at once, so each gets a rollout of one stage [1.0], complete, the newest being its group's baseline;
 * its manifests and reports are kept, and reports count for rollouts from then on.
 */
class RolloutSchemaMigrationTest {
    private static final UUID TENANT = new UUID(0x4000_0000_0000_0001L, 0x8000_0000_0000_0001L);
    private static final UUID PRODUCT = new UUID(0x4000_0000_0000_0003L, 0x8000_0000_0000_0003L);
    private static final UUID GROUP = new UUID(0x4000_0000_0000_0004L, 0x8000_0000_0000_0004L);
    private static final UUID OLDER = new UUID(0x4000_0000_0000_0005L, 0x8000_0000_0000_0005L);
    private static final UUID NEWER = new UUID(0x4000_0000_0000_0006L, 0x8000_0000_0000_0006L);
    private static final UUID IMAGE = new UUID(0x1111, 1);
    private static final byte[] BYTES = {1, 2, 3};
    private static final String DEVICE = "ab".repeat(64);
    private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");

    @TempDir
    Path dir;

    private Path database;

    @BeforeEach
    void aVersionThreeStore() throws Exception {
        database = dir.resolve(ServiceStore.DATABASE_FILE);
        try (Connection c = SqliteConnection.open(database)) {
            assertEquals(0, Schema.prepare(c, database.toString(), 3));
            sql(c, "INSERT INTO tenant (id, seq, name, name_key, created_us) VALUES (?, ?, ?, ?, ?)", TENANT, 1L, "A", "a", micros(T0));
            sql(c, "INSERT INTO product (id, seq, tenant_id, name, name_key, description, created_us) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    PRODUCT, 1L, TENANT, "Lamp", "lamp", "", micros(T0));
            sql(c, "INSERT INTO device_group (id, seq, tenant_id, product_id, name, name_key, description, os_feed, "
                            + "update_policy, created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    GROUP, 1L, TENANT, PRODUCT, "Field Test", "field test", "", "Retail", "UpdateAll", micros(T0));
            sql(c, "INSERT INTO device (device_id, seq, tenant_id, device_group_id, claimed_us) VALUES (?, ?, ?, ?, ?)",
                    DEVICE, 1L, TENANT, GROUP, micros(T0));
            ImageRecord r = StoreTestData.imageRecord(IMAGE, BYTES);
            sql(c, "INSERT INTO image (tenant_id, id, seq, component_id, kind_code, name, image_version, "
                            + "security_version, sha256, size_bytes, added_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    TENANT, IMAGE, 1L, r.componentId(), r.kindCode(), r.name(), r.version(), r.securityVersion(), r.sha256(), r.size(),
                    micros(T0));
            long seq = 1;
            for (UUID d : List.of(OLDER, NEWER)) {
                sql(c, "INSERT INTO deployment (id, seq, tenant_id, device_group_id, created_us) VALUES (?, ?, ?, ?, ?)",
                        d, seq, TENANT, GROUP, micros(T0.plusSeconds(seq)));
                sql(c, "INSERT INTO deployment_image (deployment_id, image_order, tenant_id, image_id) VALUES (?, ?, ?, ?)", d, 0, TENANT, IMAGE);
                seq++;
            }
            sql(c, "INSERT INTO device_manifest (device_id, manifest_version, content_sha256, deployment_id, envelope_base64, "
                    + "issued_us, expires_us) VALUES (?, ?, ?, ?, ?, ?, ?)", DEVICE, 2L, "00".repeat(32), NEWER, "e30=",
                    micros(T0.plusSeconds(10)), micros(T0.plusSeconds(20)));
            sql(c, "INSERT INTO update_report (seq, device_id, manifest_version, deployment_id, outcome, detail, installed_images, "
                    + "reported_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", 1L, DEVICE, 2L, NEWER, "RolledBack", "it crashed", "[]",
                    micros(T0.plusSeconds(11)));
            c.commit();
        }
        ImageBlobs.open(dir.resolve(ServiceStore.IMAGES_DIRECTORY)).put(StoreTestData.imageRecord(IMAGE, BYTES).sha256(), BYTES);
    }

    @Test
    void everyDeploymentGetsACompleteSingleStageRolloutAndTheNewestIsTheBaseline() throws Exception {
        try (ServiceStore store = ServiceStore.open(dir, new TickingClock(T0.plusSeconds(60)), new SplittableRandom(3))) {
            for (UUID d : List.of(OLDER, NEWER)) {
                Rollout r = store.rollout(TENANT, d).orElseThrow();
                assertEquals(RolloutPlan.ALL_AT_ONCE, r.plan(), "went to the whole group at once");
                assertEquals(RolloutState.COMPLETE, r.state());
                assertEquals(1, r.reachedStages());
                assertEquals(Optional.empty(), r.pausedReason());
                assertEquals(GROUP, r.deviceGroupId());
            }
            assertEquals(T0.plusSeconds(2), store.rollout(TENANT, NEWER).orElseThrow().changed(), "as of its creation");
            assertEquals(NEWER, store.baselineDeployment(TENANT, GROUP).orElseThrow().id());
            assertEquals(NEWER, store.currentDeployment(TENANT, GROUP).orElseThrow().id());
            assertEquals(Optional.of(NEWER), store.lastManifest(DEVICE).orElseThrow().deployment());
            assertEquals("it crashed", store.lastUpdateReport(DEVICE).orElseThrow().report().detail());
            assertEquals(UpdateOutcome.ROLLED_BACK, store.deploymentOutcomes(TENANT, NEWER).get(DEVICE).outcome(),
                    "a report from before counts for the rollout's view");

            // A staged deployment from now on starts at its first stage; the complete ones are not superseded.
            Deployment staged = store.createDeployment(TENANT, GROUP, List.of(IMAGE), RolloutPlan.DEFAULT);
            assertEquals(RolloutState.IN_PROGRESS, store.rollout(TENANT, staged.id()).orElseThrow().state());
            assertEquals(RolloutState.COMPLETE, store.rollout(TENANT, NEWER).orElseThrow().state());
            assertEquals(NEWER, store.baselineDeployment(TENANT, GROUP).orElseThrow().id());
        }
        try (Connection c = SqliteConnection.open(database)) {
            assertEquals(Schema.CURRENT_VERSION, count(c, "SELECT version_number FROM schema_version"));
            assertEquals(4, Schema.CURRENT_VERSION);
            assertEquals(3, count(c, "SELECT COUNT(*) FROM rollout"));
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
