package io.sphaera.service.store;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/**
 * Tenant A of a store written by an earlier version: its product Lamp, whose group Field Test holds one claimed
 * device, and one image. The migration tests start their earlier stores with these rows, then write what their
 * version adds.
 */
final class FieldTestTenant {
    /** When the tenant, its product and its group were made; the device was claimed a second later, the image added two. */
    static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");
    static final UUID TENANT = new UUID(0x4000_0000_0000_0001L, 0x8000_0000_0000_0001L);
    static final UUID PRODUCT = new UUID(0x4000_0000_0000_0003L, 0x8000_0000_0000_0003L);
    static final UUID GROUP = new UUID(0x4000_0000_0000_0004L, 0x8000_0000_0000_0004L);
    static final String DEVICE = "ab".repeat(64);
    static final UUID IMAGE = new UUID(0x1111, 1);
    static final byte[] BYTES = {1, 2, 3};

    private FieldTestTenant() {
    }

    /**
     * A new database in the store directory {@code dir} at schema {@code version} holding these rows (and the image's
     * bytes), not yet committed.
     */
    static StoreDatabase atVersion(Path dir, int version) throws SQLException, IOException {
        StoreDatabase db = StoreDatabase.atVersion(dir, version);
        try {
            db.tenant(TENANT, 1, "A", T0);
            db.product(PRODUCT, 1, TENANT, "Lamp", T0);
            db.deviceGroup(GROUP, 1, TENANT, PRODUCT, "Field Test", T0);
            db.device(DEVICE, 1, TENANT, GROUP, T0.plusSeconds(1));
            db.image(TENANT, IMAGE, BYTES, 1, T0.plusSeconds(2));
            return db;
        } catch (SQLException | IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }
}
