package io.sphaera.service.store;

import static io.sphaera.service.store.FieldTestTenant.BYTES;
import static io.sphaera.service.store.FieldTestTenant.DEVICE;
import static io.sphaera.service.store.FieldTestTenant.GROUP;
import static io.sphaera.service.store.FieldTestTenant.IMAGE;
import static io.sphaera.service.store.FieldTestTenant.T0;
import static io.sphaera.service.store.FieldTestTenant.TENANT;
import static io.sphaera.service.store.StoreDatabase.micros;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
    private static final UUID DEPLOYMENT = new UUID(0x4000_0000_0000_0005L, 0x8000_0000_0000_0005L);
    private static final String UNCLAIMED = "cd".repeat(64);
    private static final String TOKEN_SHA256 = "0f".repeat(32);

    @TempDir
    Path dir;

    @BeforeEach
    void aVersionTwoStore() throws Exception {
        try (StoreDatabase db = FieldTestTenant.atVersion(dir, 2)) {
            db.insert("INSERT INTO access_token (token_sha256, tenant_id, token_role, created_us) VALUES (?, ?, ?, ?)",
                    TOKEN_SHA256, TENANT, "Reader", micros(T0));
            db.deployment(DEPLOYMENT, 1, TENANT, GROUP, T0.plusSeconds(3));
            db.deploymentImage(DEPLOYMENT, 0, TENANT, IMAGE);
            db.insert("INSERT INTO attestation (seq, device_id, os_version, certificate_serial, attested_us) "
                    + "VALUES (?, ?, ?, ?, ?)", 1L, DEVICE, "25.02", "1f", micros(T0.plusSeconds(4)));
            db.commit();
        }
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
        try (StoreDatabase db = StoreDatabase.open(dir)) {
            assertEquals(Schema.CURRENT_VERSION, db.version());
            assertEquals(Schema.CURRENT_VERSION, db.migrate(), "already current");
            assertEquals(1, db.count("SELECT COUNT(*) FROM access_token WHERE token_sha256 = '" + TOKEN_SHA256 + "'"));
        }
    }
}
