package io.sphaera.service.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;

/**
 * The store's database opened directly, as a migration test uses it: made at an earlier schema version, filled with
 * rows as that version's store wrote them, and read back after the store has migrated it. Writes are one transaction
 * until {@link #commit()}.
 */
final class StoreDatabase implements AutoCloseable {
    private final Path dir;
    private final Path database;
    private final Connection connection;

    private StoreDatabase(Path dir) throws SQLException {
        this.dir = dir;
        this.database = dir.resolve(ServiceStore.DATABASE_FILE);
        this.connection = SqliteConnection.open(database);
    }

    /** A new database in the store directory {@code dir}, made by the migrations up to {@code version} only. */
    static StoreDatabase atVersion(Path dir, int version) throws SQLException {
        StoreDatabase db = new StoreDatabase(dir);
        assertEquals(0, Schema.prepare(db.connection, db.database.toString(), version), "a new database");
        return db;
    }

    /** The database of the store directory {@code dir}, at whatever version it is. */
    static StoreDatabase open(Path dir) throws SQLException {
        return new StoreDatabase(dir);
    }

    /** A time as the store writes it: microseconds since the epoch. */
    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    /** Runs one statement with its parameters in order; a UUID is written as its text, as the store writes it. */
    void insert(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                s.setObject(i + 1, p instanceof UUID u ? u.toString() : p);
            }
            s.executeUpdate();
        }
    }

    /** The number in the first column of the query's first row (there must be one). */
    int count(String query) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery(query)) {
            assertTrue(r.next(), query);
            return r.getInt(1);
        }
    }

    /** The schema version the database is at. */
    int version() throws SQLException {
        return count("SELECT version_number FROM schema_version");
    }

    /** Migrates the database to the current version as opening the store does; the version it found. */
    int migrate() throws SQLException {
        return Schema.prepare(connection, database.toString());
    }

    void commit() throws SQLException {
        connection.commit();
    }

    void rollback() throws SQLException {
        connection.rollback();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    // Rows every schema version so far writes alike.

    void tenant(UUID id, long seq, String name, Instant created) throws SQLException {
        insert("INSERT INTO tenant (id, seq, name, name_key, created_us) VALUES (?, ?, ?, ?, ?)",
                id, seq, name, NameRules.key(name), micros(created));
    }

    void product(UUID id, long seq, UUID tenant, String name, Instant created) throws SQLException {
        insert("INSERT INTO product (id, seq, tenant_id, name, name_key, description, created_us) VALUES (?, ?, ?, ?, ?, ?, ?)",
                id, seq, tenant, name, NameRules.key(name), "", micros(created));
    }

    /** A group on the Retail feed taking all updates. */
    void deviceGroup(UUID id, long seq, UUID tenant, UUID product, String name, Instant created) throws SQLException {
        insert("INSERT INTO device_group (id, seq, tenant_id, product_id, name, name_key, description, os_feed, update_policy, "
                + "created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, seq, tenant, product, name, NameRules.key(name), "",
                "Retail", "UpdateAll", micros(created));
    }

    void device(String id, long seq, UUID tenant, UUID group, Instant claimed) throws SQLException {
        insert("INSERT INTO device (device_id, seq, tenant_id, device_group_id, claimed_us) VALUES (?, ?, ?, ?, ?)",
                id, seq, tenant, group, micros(claimed));
    }

    /** An image's row and its bytes in the store's blob directory; its record. */
    ImageRecord image(UUID tenant, UUID imageId, byte[] bytes, long seq, Instant added) throws SQLException, IOException {
        ImageRecord r = StoreTestData.imageRecord(imageId, bytes);
        insert("INSERT INTO image (tenant_id, id, seq, component_id, kind_code, name, image_version, security_version, sha256, "
                + "size_bytes, added_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", tenant, imageId, seq, r.componentId(),
                r.kindCode(), r.name(), r.version(), r.securityVersion(), r.sha256(), r.size(), micros(added));
        ImageBlobs.open(dir.resolve(ServiceStore.IMAGES_DIRECTORY)).put(r.sha256(), bytes);
        return r;
    }

    void deployment(UUID id, long seq, UUID tenant, UUID group, Instant created) throws SQLException {
        insert("INSERT INTO deployment (id, seq, tenant_id, device_group_id, created_us) VALUES (?, ?, ?, ?, ?)",
                id, seq, tenant, group, micros(created));
    }

    /** A deployment's image as version 2 on writes it (version 1's row has no tenant). */
    void deploymentImage(UUID deployment, int order, UUID tenant, UUID image) throws SQLException {
        insert("INSERT INTO deployment_image (deployment_id, image_order, tenant_id, image_id) VALUES (?, ?, ?, ?)",
                deployment, order, tenant, image);
    }
}
