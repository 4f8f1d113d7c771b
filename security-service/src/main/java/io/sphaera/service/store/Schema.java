package io.sphaera.service.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The store's tables, versioned. {@code schema_version} holds the version a store was written with; opening runs
 * the migrations from there to {@link #CURRENT_VERSION} in one transaction, and refuses a store from a newer
 * Sphaera rather than guess at it.
 *
 * <p>Portable on purpose: SQL-92 types (CHAR, VARCHAR, INTEGER, BIGINT), no BLOBs (certificates as base64),
 * instants as BIGINT microseconds since the epoch (the precision of a server database's timestamp), and a
 * per-table {@code seq} that the store assigns in creation order instead of an auto-increment column.
 */
final class Schema {
    static final int CURRENT_VERSION = 4;

    /** The first tables. Released: stores out there were made by it, so it is never edited. */
    private static final List<String> VERSION_1 = List.of(
            """
            CREATE TABLE tenant (
                id CHAR(36) NOT NULL PRIMARY KEY,
                seq BIGINT NOT NULL UNIQUE,
                name VARCHAR(50) NOT NULL,
                name_key VARCHAR(50) NOT NULL UNIQUE,
                created_us BIGINT NOT NULL)""",
            """
            CREATE TABLE access_token (
                token_sha256 CHAR(64) NOT NULL PRIMARY KEY,
                tenant_id CHAR(36) NOT NULL REFERENCES tenant (id),
                token_role VARCHAR(16) NOT NULL,
                created_us BIGINT NOT NULL)""",
            """
            CREATE TABLE product (
                id CHAR(36) NOT NULL PRIMARY KEY,
                seq BIGINT NOT NULL UNIQUE,
                tenant_id CHAR(36) NOT NULL REFERENCES tenant (id),
                name VARCHAR(50) NOT NULL,
                name_key VARCHAR(50) NOT NULL,
                description VARCHAR(1000) NOT NULL,
                created_us BIGINT NOT NULL,
                UNIQUE (tenant_id, name_key))""",
            "CREATE INDEX product_by_tenant ON product (tenant_id, seq)",
            """
            CREATE TABLE device_group (
                id CHAR(36) NOT NULL PRIMARY KEY,
                seq BIGINT NOT NULL UNIQUE,
                tenant_id CHAR(36) NOT NULL REFERENCES tenant (id),
                product_id CHAR(36) NOT NULL REFERENCES product (id),
                name VARCHAR(50) NOT NULL,
                name_key VARCHAR(50) NOT NULL,
                description VARCHAR(1000) NOT NULL,
                os_feed VARCHAR(16) NOT NULL,
                update_policy VARCHAR(32) NOT NULL,
                created_us BIGINT NOT NULL,
                UNIQUE (product_id, name_key))""",
            "CREATE INDEX device_group_by_product ON device_group (product_id, seq)",
            """
            CREATE TABLE device (
                device_id CHAR(128) NOT NULL PRIMARY KEY,
                seq BIGINT NOT NULL UNIQUE,
                tenant_id CHAR(36) NOT NULL REFERENCES tenant (id),
                device_group_id CHAR(36) REFERENCES device_group (id),
                claimed_us BIGINT NOT NULL)""",
            "CREATE INDEX device_by_tenant ON device (tenant_id, seq)",
            "CREATE INDEX device_by_group ON device (device_group_id, seq)",
            """
            CREATE TABLE tenant_ca (
                tenant_id CHAR(36) NOT NULL PRIMARY KEY REFERENCES tenant (id),
                key_pem VARCHAR(16000) NOT NULL,
                certificate_der_base64 VARCHAR(16000) NOT NULL,
                created_us BIGINT NOT NULL)""",
            """
            CREATE TABLE image (
                id CHAR(36) NOT NULL PRIMARY KEY,
                seq BIGINT NOT NULL UNIQUE,
                tenant_id CHAR(36) NOT NULL REFERENCES tenant (id),
                component_id CHAR(36) NOT NULL,
                kind_code INTEGER NOT NULL,
                name VARCHAR(256) NOT NULL,
                image_version VARCHAR(64) NOT NULL,
                security_version BIGINT NOT NULL,
                sha256 CHAR(64) NOT NULL,
                size_bytes BIGINT NOT NULL,
                added_us BIGINT NOT NULL)""",
            "CREATE INDEX image_by_tenant ON image (tenant_id, seq)",
            """
            CREATE TABLE deployment (
                id CHAR(36) NOT NULL PRIMARY KEY,
                seq BIGINT NOT NULL UNIQUE,
                tenant_id CHAR(36) NOT NULL REFERENCES tenant (id),
                device_group_id CHAR(36) NOT NULL REFERENCES device_group (id),
                created_us BIGINT NOT NULL)""",
            "CREATE INDEX deployment_by_group ON deployment (device_group_id, seq)",
            """
            CREATE TABLE deployment_image (
                deployment_id CHAR(36) NOT NULL REFERENCES deployment (id),
                image_order INTEGER NOT NULL,
                image_id CHAR(36) NOT NULL REFERENCES image (id),
                PRIMARY KEY (deployment_id, image_order))""",
            """
            CREATE TABLE attestation (
                seq BIGINT NOT NULL PRIMARY KEY,
                device_id CHAR(128) NOT NULL,
                os_version VARCHAR(64) NOT NULL,
                certificate_serial VARCHAR(64) NOT NULL,
                attested_us BIGINT NOT NULL)""",
            "CREATE INDEX attestation_by_device ON attestation (device_id, seq)",
            """
            CREATE TABLE error_event (
                seq BIGINT NOT NULL PRIMARY KEY,
                tenant_id CHAR(36) NOT NULL REFERENCES tenant (id),
                device_id CHAR(128) NOT NULL REFERENCES device (device_id),
                event_type VARCHAR(16) NOT NULL,
                event_class VARCHAR(256) NOT NULL,
                event_category VARCHAR(256) NOT NULL,
                description VARCHAR(1024) NOT NULL,
                event_count INTEGER NOT NULL,
                start_us BIGINT NOT NULL,
                end_us BIGINT NOT NULL,
                reported_us BIGINT NOT NULL)""",
            "CREATE INDEX error_event_by_tenant ON error_event (tenant_id, seq)");

    /**
     * Image IDs per tenant: version 1 keyed an image by its ID alone, so a tenant uploading an ID another tenant held
     * was refused, which told it the other tenant had that image (and let a tenant block another by uploading
     * first). An image is now keyed by (tenant, ID), and a deployment's image reference carries the deployment's
     * tenant, so the database itself holds a deployment to its own tenant's images.
     *
     * <p>Tables are rebuilt the portable way, since a primary key cannot be altered in place everywhere: create
     * the new table, copy, drop the old one, rename. The old child table goes first so that dropping {@code image}
     * finds no row referring to it; renaming {@code image_v2} carries the new child's reference along with it
     * (SQLite rewrites it, server databases refer to the table itself).
     */
    private static final List<String> VERSION_2 = List.of(
            """
            CREATE TABLE image_v2 (
                tenant_id CHAR(36) NOT NULL REFERENCES tenant (id),
                id CHAR(36) NOT NULL,
                seq BIGINT NOT NULL UNIQUE,
                component_id CHAR(36) NOT NULL,
                kind_code INTEGER NOT NULL,
                name VARCHAR(256) NOT NULL,
                image_version VARCHAR(64) NOT NULL,
                security_version BIGINT NOT NULL,
                sha256 CHAR(64) NOT NULL,
                size_bytes BIGINT NOT NULL,
                added_us BIGINT NOT NULL,
                PRIMARY KEY (tenant_id, id))""",
            """
            INSERT INTO image_v2 (tenant_id, id, seq, component_id, kind_code, name, image_version,
                    security_version, sha256, size_bytes, added_us)
            SELECT tenant_id, id, seq, component_id, kind_code, name, image_version, security_version, sha256,
                    size_bytes, added_us
            FROM image""",
            // The parent key of deployment_image's (tenant_id, deployment_id).
            "CREATE UNIQUE INDEX deployment_by_tenant ON deployment (tenant_id, id)",
            """
            CREATE TABLE deployment_image_v2 (
                deployment_id CHAR(36) NOT NULL,
                image_order INTEGER NOT NULL,
                tenant_id CHAR(36) NOT NULL,
                image_id CHAR(36) NOT NULL,
                PRIMARY KEY (deployment_id, image_order),
                FOREIGN KEY (tenant_id, deployment_id) REFERENCES deployment (tenant_id, id),
                FOREIGN KEY (tenant_id, image_id) REFERENCES image_v2 (tenant_id, id))""",
            """
            INSERT INTO deployment_image_v2 (deployment_id, image_order, tenant_id, image_id)
            SELECT di.deployment_id, di.image_order, d.tenant_id, di.image_id
            FROM deployment_image di INNER JOIN deployment d ON d.id = di.deployment_id""",
            "DROP TABLE deployment_image",
            "DROP TABLE image",
            "ALTER TABLE image_v2 RENAME TO image",
            "ALTER TABLE deployment_image_v2 RENAME TO deployment_image",
            "CREATE INDEX image_by_tenant ON image (tenant_id, seq)");

    /**
     * Over-the-air updates: per device the last update manifest issued (its version, the SHA-256 of its content —
     * deployment and images, not times — so an unchanged one is served again, and its envelope byte for byte, as
     * base64), the deployment history (a row each time a device is targeted with a deployment other than the one it
     * was last targeted with), and the devices' update reports (the images they say they hold as JSON text).
     *
     * <p>Keyed by device ID alone, without a reference to {@code device}: an unclaimed device gets manifests too.
     * The envelope column holds the largest envelope a device reads (256 KiB) in base64.
     */
    private static final List<String> VERSION_3 = List.of(
            """
            CREATE TABLE device_manifest (
                device_id CHAR(128) NOT NULL PRIMARY KEY,
                manifest_version BIGINT NOT NULL,
                content_sha256 CHAR(64) NOT NULL,
                deployment_id CHAR(36) REFERENCES deployment (id),
                envelope_base64 VARCHAR(350000) NOT NULL,
                issued_us BIGINT NOT NULL,
                expires_us BIGINT NOT NULL)""",
            """
            CREATE TABLE deployment_targeting (
                seq BIGINT NOT NULL PRIMARY KEY,
                device_id CHAR(128) NOT NULL,
                deployment_id CHAR(36) NOT NULL REFERENCES deployment (id),
                manifest_version BIGINT NOT NULL,
                targeted_us BIGINT NOT NULL)""",
            "CREATE INDEX deployment_targeting_by_device ON deployment_targeting (device_id, seq)",
            """
            CREATE TABLE update_report (
                seq BIGINT NOT NULL PRIMARY KEY,
                device_id CHAR(128) NOT NULL,
                manifest_version BIGINT NOT NULL,
                deployment_id CHAR(36),
                outcome VARCHAR(16) NOT NULL,
                detail VARCHAR(1024) NOT NULL,
                installed_images VARCHAR(16000) NOT NULL,
                reported_us BIGINT NOT NULL)""",
            "CREATE INDEX update_report_by_device ON update_report (device_id, seq)");

    /**
     * Staged rollouts: per deployment its plan (the stages' fractions as decimal text, "0.1,0.5,1.0", and the failure
     * threshold), its state, how many stages it has reached, why it paused, and the report sequence up to which a
     * resume forgave failures. A deployment made before has gone to its whole group at once: one stage [1.0],
     * complete, never paused. Reports are read per deployment to judge a rollout, hence their index.
     */
    private static final List<String> VERSION_4 = List.of(
            """
            CREATE TABLE rollout (
                deployment_id CHAR(36) NOT NULL PRIMARY KEY REFERENCES deployment (id),
                stages VARCHAR(200) NOT NULL,
                failure_threshold VARCHAR(20) NOT NULL,
                rollout_state VARCHAR(16) NOT NULL,
                reached_stages INTEGER NOT NULL,
                paused_reason VARCHAR(1024),
                forgiven_through BIGINT NOT NULL,
                changed_us BIGINT NOT NULL)""",
            """
            INSERT INTO rollout (deployment_id, stages, failure_threshold, rollout_state, reached_stages, paused_reason,
                    forgiven_through, changed_us)
            SELECT id, '1.0', '1.0', 'Complete', 1, NULL, 0, created_us FROM deployment""",
            "CREATE INDEX update_report_by_deployment ON update_report (deployment_id, seq)");

    /** MIGRATIONS.get(v) takes a store from version v to v + 1; version 0 is an empty database. */
    private static final List<List<String>> MIGRATIONS = List.of(VERSION_1, VERSION_2, VERSION_3, VERSION_4);

    private Schema() {}

    /**
     * Brings the database to {@link #CURRENT_VERSION} and commits.
     *
     * @return the version the store had before (0 for a new store)
     * @throws StoreException if the store was written by a newer Sphaera or is not a Sphaera store
     */
    static int prepare(Connection c, String description) throws SQLException {
        return prepare(c, description, CURRENT_VERSION);
    }

    /** As {@link #prepare(Connection, String)}, up to {@code target} only: a test makes an older store with it. */
    static int prepare(Connection c, String description, int target) throws SQLException {
        if (target < 0 || target > CURRENT_VERSION) {
            throw new IllegalArgumentException("no schema version " + target);
        }
        int found = versionOf(c, description);
        if (found > CURRENT_VERSION) {
            throw new StoreException(description + " has schema version " + found + ", newer than the "
                    + CURRENT_VERSION + " this Sphaera understands; open it with the newer Sphaera that wrote it");
        }
        try (Statement s = c.createStatement()) {
            if (found == 0) {
                s.executeUpdate("CREATE TABLE schema_version (version_number INTEGER NOT NULL)");
                s.executeUpdate("INSERT INTO schema_version (version_number) VALUES (0)");
            }
            for (int v = found; v < target; v++) {
                for (String ddl : MIGRATIONS.get(v)) {
                    s.executeUpdate(ddl);
                }
            }
            if (found < target) {
                s.executeUpdate("UPDATE schema_version SET version_number = " + target);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
        return found;
    }

    private static int versionOf(Connection c, String description) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        boolean versioned = false;
        boolean anyTable = false;
        try (ResultSet tables = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                anyTable = true;
                versioned |= "schema_version".equalsIgnoreCase(tables.getString("TABLE_NAME"));
            }
        }
        if (!versioned) {
            if (anyTable) {
                throw new StoreException(description + " is not a Sphaera service store (it has no schema_version)");
            }
            return 0;
        }
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT version_number FROM schema_version")) {
            if (!r.next()) {
                throw new StoreException(description + " has an empty schema_version table");
            }
            int version = r.getInt(1);
            if (r.next()) {
                throw new StoreException(description + " has more than one schema version");
            }
            return version;
        }
    }
}
