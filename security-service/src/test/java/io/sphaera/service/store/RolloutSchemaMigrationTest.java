package io.sphaera.service.store;

import static io.sphaera.service.store.FieldTestTenant.DEVICE;
import static io.sphaera.service.store.FieldTestTenant.GROUP;
import static io.sphaera.service.store.FieldTestTenant.IMAGE;
import static io.sphaera.service.store.FieldTestTenant.T0;
import static io.sphaera.service.store.FieldTestTenant.TENANT;
import static io.sphaera.service.store.StoreDatabase.micros;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
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
    private static final UUID OLDER = new UUID(0x4000_0000_0000_0005L, 0x8000_0000_0000_0005L);
    private static final UUID NEWER = new UUID(0x4000_0000_0000_0006L, 0x8000_0000_0000_0006L);

    @TempDir
    Path dir;

    @BeforeEach
    void aVersionThreeStore() throws Exception {
        try (StoreDatabase db = FieldTestTenant.atVersion(dir, 3)) {
            long seq = 1;
            for (UUID d : List.of(OLDER, NEWER)) {
                db.deployment(d, seq, TENANT, GROUP, T0.plusSeconds(2 + seq));
                db.deploymentImage(d, 0, TENANT, IMAGE);
                seq++;
            }
            db.insert("INSERT INTO device_manifest (device_id, manifest_version, content_sha256, deployment_id, envelope_base64, "
                    + "issued_us, expires_us) VALUES (?, ?, ?, ?, ?, ?, ?)", DEVICE, 2L, "00".repeat(32), NEWER, "e30=",
                    micros(T0.plusSeconds(10)), micros(T0.plusSeconds(20)));
            db.insert("INSERT INTO update_report (seq, device_id, manifest_version, deployment_id, outcome, detail, installed_images, "
                    + "reported_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", 1L, DEVICE, 2L, NEWER, "RolledBack", "it crashed", "[]",
                    micros(T0.plusSeconds(11)));
            db.commit();
        }
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
            assertEquals(T0.plusSeconds(4), store.rollout(TENANT, NEWER).orElseThrow().changed(), "as of its creation");
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
        try (StoreDatabase db = StoreDatabase.open(dir)) {
            assertEquals(Schema.CURRENT_VERSION, db.version());
            assertEquals(4, Schema.CURRENT_VERSION);
            assertEquals(3, db.count("SELECT COUNT(*) FROM rollout"));
        }
    }
}
