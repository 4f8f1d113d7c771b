package io.sphaera.service.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sphaera.firmware.signing.Sha256;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security service's persistent state: tenants, access tokens, products, device groups, claimed devices, tenant
 * CAs, images, deployments and their staged rollouts, the attestation log, error reports, and over-the-air updates
 * (each device's last update manifest, its deployment history, its update reports), in {@code dataDir/service.db}, with image bytes in
 * the content-addressed {@code dataDir/images/}.
 *
 * <p>Every operation is one transaction: when a mutating call returns, its change is on disk (a kill or power cut
 * afterwards keeps it); when it throws, none of it is visible. Safe to call from several threads: one connection,
 * one lock. One process at a time may hold a data directory.
 *
 * <p>Lists come in pages in creation order (deployments and deployment histories newest first). Creation order is
 * the order the store committed things in, kept as a per-table sequence, so it holds even when the clock stands still
 * or steps back. Things of another tenant look exactly like things that do not exist.
 */
public final class ServiceStore implements AutoCloseable {
    public static final String DATABASE_FILE = "service.db";
    public static final String IMAGES_DIRECTORY = "images";
    public static final int MAX_DESCRIPTION_LENGTH = 1000;
    /**
     * As many as an update manifest names (a device has a few dozen image slots) less the three system images of an
     * OS release that the same manifest may name: more could never be delivered.
     */
    public static final int MAX_DEPLOYMENT_IMAGES = io.sphaera.firmware.update.UpdateManifest.MAX_IMAGES - 3;
    public static final int MAX_ERROR_EVENTS_PER_REPORT = 1000;
    public static final int TOKEN_BYTES = 32;
    private static final String LOCK_FILE = "service.lock";
    private static final int MAX_OS_VERSION_LENGTH = 64;
    private static final int MAX_PEM_LENGTH = 16_000;
    private static final int MAX_CERTIFICATE_BYTES = 8_000;
    private static final Pattern SERIAL_HEX = Pattern.compile("[0-9a-f]{1,64}");
    private static final Pattern TOKEN_TEXT = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Logger log = LoggerFactory.getLogger(ServiceStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String TENANT_COLUMNS = "id, name, created_us, seq";
    private static final String PRODUCT_COLUMNS = "id, tenant_id, name, description, created_us, seq";
    private static final String GROUP_COLUMNS =
            "id, tenant_id, product_id, name, description, os_feed, update_policy, created_us, seq";
    private static final String DEVICE_COLUMNS = "device_id, tenant_id, device_group_id, claimed_us, seq";
    private static final String IMAGE_COLUMNS = "id, tenant_id, component_id, kind_code, name, image_version, "
            + "security_version, sha256, size_bytes, added_us, seq";
    private static final String DEPLOYMENT_COLUMNS = "id, tenant_id, device_group_id, created_us, seq";
    private static final String MANIFEST_COLUMNS = "device_id, manifest_version, content_sha256, deployment_id, "
            + "envelope_base64, issued_us, expires_us";
    private static final String ERROR_EVENT_COLUMNS = "tenant_id, device_id, event_type, event_class, event_category, "
            + "description, event_count, start_us, end_us, reported_us, seq";

    private final InstantSource clock;
    private final RandomGenerator random;
    private final ImageBlobs blobs;
    private final FileChannel lockChannel;
    private final FileLock dataDirLock;
    private final ReentrantLock lock = new ReentrantLock();
    private Connection connection;
    // The hot path's reads (whose tenant is this device?) go through a second connection: in WAL mode it reads the
    // last commit without waiting for the writer's lock, which a commit holds through its fsync.
    private final ReentrantLock readLock = new ReentrantLock();
    private Connection reader;
    private final GroupCommit commits;
    private final java.util.concurrent.atomic.AtomicLong groupChanges = new java.util.concurrent.atomic.AtomicLong();

    private ServiceStore(
            InstantSource clock,
            RandomGenerator random,
            ImageBlobs blobs,
            FileChannel lockChannel,
            FileLock dataDirLock,
            Connection connection,
            Connection reader,
            Executor committer,
            java.time.Duration gather) {
        this.commits = new GroupCommit(batch -> transaction(batch::run), committer, gather);
        this.clock = clock;
        this.random = random;
        this.blobs = blobs;
        this.lockChannel = lockChannel;
        this.dataDirLock = dataDirLock;
        this.connection = connection;
        this.reader = reader;
    }

    /**
     * Opens the store in {@code dataDir}, making the directory and an empty store if there is none.
     *
     * @throws StoreException if the directory is in use by another process, cannot be read or written, or holds a
     *                        store from a newer Sphaera
     */
    public static ServiceStore open(Path dataDir, InstantSource clock, RandomGenerator random) {
        return open(dataDir, clock, random, Runnable::run, java.time.Duration.ZERO);
    }

    /**
     * As {@link #open(Path, InstantSource, RandomGenerator)}, with writes that may share commits (the attestation
     * log) committed on {@code committer}: the first of a batch waits {@code gather} (a timer of the committer, which
     * must then be a ScheduledExecutorService) for others, and writes that arrive while one commit runs go in the next.
     */
    public static ServiceStore open(Path dataDir, InstantSource clock, RandomGenerator random, Executor committer,
                                    java.time.Duration gather) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(committer, "committer");
        Objects.requireNonNull(random, "random");
        FileChannel lockChannel = null;
        FileLock dataDirLock = null;
        Connection connection = null;
        Connection reader = null;
        try {
            Files.createDirectories(dataDir);
            lockChannel = FileChannel.open(
                    dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            dataDirLock = tryLock(lockChannel);
            if (dataDirLock == null) {
                throw new StoreException(dataDir + " is in use by another service store");
            }
            ImageBlobs blobs = ImageBlobs.open(dataDir.resolve(IMAGES_DIRECTORY));
            Path database = dataDir.resolve(DATABASE_FILE);
            connection = SqliteConnection.open(database);
            int was = Schema.prepare(connection, database.toString());
            if (was != Schema.CURRENT_VERSION) {
                log.info("service store {} brought from schema version {} to {}", database, was,
                        Schema.CURRENT_VERSION);
            }
            reader = SqliteConnection.openReader(database);
            return new ServiceStore(clock, random, blobs, lockChannel, dataDirLock, connection, reader, committer, gather);
        } catch (IOException | SQLException | RuntimeException e) {
            if (reader != null) {
                try {
                    reader.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            closeQuietly(connection, dataDirLock, lockChannel, e);
            if (e instanceof StoreException s) {
                throw s;
            }
            throw new StoreException("cannot open the service store in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this JVM holds it already
        }
    }

    /** Closes the database and lets another process open the directory. Idempotent. */
    @Override
    public void close() {
        commits.close(); // outside the lock: its last batch needs it
        lock.lock();
        readLock.lock();
        try {
            if (connection == null) {
                return;
            }
            Connection c = connection;
            connection = null;
            Connection r = reader;
            reader = null;
            StoreException failure = null;
            try {
                r.close();
            } catch (SQLException e) {
                failure = new StoreException("closing the service store: " + e.getMessage(), e);
            }
            try {
                c.rollback(); // ends the idle transaction the driver keeps open
                c.close();
            } catch (SQLException e) {
                failure = failure != null ? failure : new StoreException("closing the service store: " + e.getMessage(), e);
            }
            try {
                dataDirLock.release();
                lockChannel.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = new StoreException("releasing the data directory: " + e.getMessage(), e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            readLock.unlock();
            lock.unlock();
        }
    }

    // ---- tenants

    /**
     * @throws InvalidNameException if the name breaks {@link NameRules}
     * @throws ConflictException    if another tenant has the name, in any case
     */
    public Tenant createTenant(String name) {
        String checked = NameRules.check("name", name);
        return transaction(c -> {
            if (exists(c, "SELECT 1 FROM tenant WHERE name_key = ?", NameRules.key(checked))) {
                throw new ConflictException("name", "a tenant named \"" + checked + "\" exists already");
            }
            Tenant t = new Tenant(newId(), checked, now());
            update(c, "INSERT INTO tenant (id, seq, name, name_key, created_us) VALUES (?, ?, ?, ?, ?)",
                    t.id(), nextSequence(c, "tenant"), t.name(), NameRules.key(checked), micros(t.created()));
            return t;
        });
    }

    public Optional<Tenant> tenant(UUID tenantId) {
        return transaction(c -> one(c, "SELECT " + TENANT_COLUMNS + " FROM tenant WHERE id = ?",
                ServiceStore::readTenant, tenantId));
    }

    /** Every tenant of the service (the admin face shows a token only its own). */
    public Page<Tenant> tenants(PageRequest page) {
        return transaction(c -> page(c, page, "tenants", false,
                "SELECT " + TENANT_COLUMNS + " FROM tenant WHERE 1 = 1", ServiceStore::readTenant));
    }

    // ---- access tokens

    /**
     * A new bearer token for one role in one tenant. Returned only here: the store keeps its SHA-256, never the
     * token.
     *
     * @throws NotFoundException if there is no such tenant
     */
    public String issueToken(UUID tenantId, Role role) {
        Objects.requireNonNull(role, "role");
        return transaction(c -> {
            requireTenant(c, tenantId);
            byte[] secret = new byte[TOKEN_BYTES];
            random.nextBytes(secret);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            update(c, "INSERT INTO access_token (token_sha256, tenant_id, token_role, created_us) VALUES (?, ?, ?, ?)",
                    tokenHash(token), tenantId, role.platformName(), micros(now()));
            return token;
        });
    }

    /** What the token grants, or empty if it is not a token this store issued (or it was revoked). */
    public Optional<Grant> authenticate(String token) {
        if (token == null || !TOKEN_TEXT.matcher(token).matches()) {
            return Optional.empty();
        }
        String hash = tokenHash(token);
        return transaction(c -> one(c, "SELECT tenant_id, token_role FROM access_token WHERE token_sha256 = ?",
                r -> new Grant(uuid(r.getString(1)), stored("token_role", Role.fromName(r.getString(2)))), hash));
    }

    /** Makes the token worthless from now on; false if it was not a live token. */
    public boolean revokeToken(String token) {
        if (token == null || !TOKEN_TEXT.matcher(token).matches()) {
            return false;
        }
        String hash = tokenHash(token);
        return transaction(c -> update(c, "DELETE FROM access_token WHERE token_sha256 = ?", hash) > 0);
    }

    // ---- products

    /**
     * A product, with the five {@link DefaultDeviceGroups} in the same transaction when asked for.
     *
     * @throws NotFoundException    if there is no such tenant
     * @throws InvalidNameException if the name breaks {@link NameRules}
     * @throws ConflictException    if the tenant has a product of that name
     */
    public Product createProduct(UUID tenantId, String name, String description, boolean createDefaultGroups) {
        String checked = NameRules.check("name", name);
        String text = description("description", description);
        return transaction(c -> {
            requireTenant(c, tenantId);
            requireFreeProductName(c, tenantId, checked, null);
            Product p = new Product(newId(), tenantId, checked, text, now());
            update(c, "INSERT INTO product (id, seq, tenant_id, name, name_key, description, created_us) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    p.id(), nextSequence(c, "product"), tenantId, checked, NameRules.key(checked), text,
                    micros(p.created()));
            if (createDefaultGroups) {
                for (DefaultDeviceGroups.Template t : DefaultDeviceGroups.ALL) {
                    insertGroup(c, new DeviceGroup(newId(), tenantId, p.id(), t.name(), t.description(), t.osFeed(),
                            t.updatePolicy(), p.created()));
                }
            }
            return p;
        });
    }

    public Optional<Product> product(UUID tenantId, UUID productId) {
        return transaction(c -> one(c, "SELECT " + PRODUCT_COLUMNS + " FROM product WHERE id = ? AND tenant_id = ?",
                ServiceStore::readProduct, productId, tenantId));
    }

    public Page<Product> products(UUID tenantId, PageRequest page) {
        return transaction(c -> page(c, page, "products/" + tenantId, false,
                "SELECT " + PRODUCT_COLUMNS + " FROM product WHERE tenant_id = ?", ServiceStore::readProduct,
                tenantId));
    }

    /**
     * Renames and/or re-describes a product; an empty Optional leaves that field as it is.
     *
     * @throws NotFoundException if the tenant has no such product
     */
    public Product updateProduct(
            UUID tenantId, UUID productId, Optional<String> newName, Optional<String> newDescription) {
        Optional<String> name = newName.map(n -> NameRules.check("name", n));
        Optional<String> text = newDescription.map(d -> description("description", d));
        return transaction(c -> {
            Product old = one(c, "SELECT " + PRODUCT_COLUMNS + " FROM product WHERE id = ? AND tenant_id = ?",
                    ServiceStore::readProduct, productId, tenantId)
                    .orElseThrow(() -> new NotFoundException("productId", "no product " + productId));
            if (name.isPresent()) {
                requireFreeProductName(c, tenantId, name.get(), productId);
            }
            Product p = new Product(old.id(), tenantId, name.orElse(old.name()), text.orElse(old.description()),
                    old.created());
            update(c, "UPDATE product SET name = ?, name_key = ?, description = ? WHERE id = ?",
                    p.name(), NameRules.key(p.name()), p.description(), productId);
            return p;
        });
    }

    private void requireFreeProductName(Connection c, UUID tenantId, String name, UUID except) throws SQLException {
        Optional<UUID> holder = one(c, "SELECT id FROM product WHERE tenant_id = ? AND name_key = ?",
                r -> uuid(r.getString(1)), tenantId, NameRules.key(name));
        if (holder.isPresent() && !holder.get().equals(except)) {
            throw new ConflictException("name", "the tenant has a product named \"" + name + "\" already");
        }
    }

    // ---- device groups

    /**
     * @throws NotFoundException    if the tenant has no such product
     * @throws InvalidNameException if the name breaks {@link NameRules}
     * @throws ConflictException    if the product has a group of that name
     */
    public DeviceGroup createDeviceGroup(
            UUID tenantId,
            UUID productId,
            String name,
            String description,
            OsFeed osFeed,
            UpdatePolicy updatePolicy) {
        String checked = NameRules.check("name", name);
        String text = description("description", description);
        Objects.requireNonNull(osFeed, "osFeed");
        Objects.requireNonNull(updatePolicy, "updatePolicy");
        return transaction(c -> {
            if (!exists(c, "SELECT 1 FROM product WHERE id = ? AND tenant_id = ?", productId, tenantId)) {
                throw new NotFoundException("productId", "no product " + productId);
            }
            DeviceGroup g = new DeviceGroup(newId(), tenantId, productId, checked, text, osFeed, updatePolicy, now());
            insertGroup(c, g);
            return g;
        });
    }

    public Optional<DeviceGroup> deviceGroup(UUID tenantId, UUID groupId) {
        return transaction(c -> group(c, tenantId, groupId));
    }

    public Page<DeviceGroup> deviceGroups(UUID tenantId, UUID productId, PageRequest page) {
        return transaction(c -> page(c, page, "groups/" + tenantId + "/" + productId, false,
                "SELECT " + GROUP_COLUMNS + " FROM device_group WHERE tenant_id = ? AND product_id = ?",
                ServiceStore::readGroup, tenantId, productId));
    }

    /**
     * Changes a device group's settings; an empty Optional leaves that field as it is.
     *
     * @throws NotFoundException if the tenant has no such group
     */
    public DeviceGroup updateDeviceGroup(
            UUID tenantId,
            UUID groupId,
            Optional<String> newName,
            Optional<String> newDescription,
            Optional<OsFeed> newOsFeed,
            Optional<UpdatePolicy> newUpdatePolicy) {
        Optional<String> name = newName.map(n -> NameRules.check("name", n));
        Optional<String> text = newDescription.map(d -> description("description", d));
        return transaction(c -> {
            DeviceGroup old = group(c, tenantId, groupId)
                    .orElseThrow(() -> new NotFoundException("deviceGroupId", "no device group " + groupId));
            if (name.isPresent()) {
                requireFreeGroupName(c, old.productId(), name.get(), groupId);
            }
            DeviceGroup g = new DeviceGroup(old.id(), tenantId, old.productId(), name.orElse(old.name()),
                    text.orElse(old.description()), newOsFeed.orElse(old.osFeed()),
                    newUpdatePolicy.orElse(old.updatePolicy()), old.created());
            update(c, "UPDATE device_group SET name = ?, name_key = ?, description = ?, os_feed = ?, "
                            + "update_policy = ? WHERE id = ?",
                    g.name(), NameRules.key(g.name()), g.description(), g.osFeed().platformName(),
                    g.updatePolicy().platformName(), groupId);
            return g;
        });
    }

    private void insertGroup(Connection c, DeviceGroup g) throws SQLException {
        requireFreeGroupName(c, g.productId(), g.name(), null);
        update(c, "INSERT INTO device_group (id, seq, tenant_id, product_id, name, name_key, description, os_feed, "
                        + "update_policy, created_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                g.id(), nextSequence(c, "device_group"), g.tenantId(), g.productId(), g.name(),
                NameRules.key(g.name()), g.description(), g.osFeed().platformName(), g.updatePolicy().platformName(),
                micros(g.created()));
    }

    private void requireFreeGroupName(Connection c, UUID productId, String name, UUID except) throws SQLException {
        Optional<UUID> holder = one(c, "SELECT id FROM device_group WHERE product_id = ? AND name_key = ?",
                r -> uuid(r.getString(1)), productId, NameRules.key(name));
        if (holder.isPresent() && !holder.get().equals(except)) {
            throw new ConflictException("name", "the product has a device group named \"" + name + "\" already");
        }
    }

    private Optional<DeviceGroup> group(Connection c, UUID tenantId, UUID groupId) throws SQLException {
        return one(c, "SELECT " + GROUP_COLUMNS + " FROM device_group WHERE id = ? AND tenant_id = ?",
                ServiceStore::readGroup, groupId, tenantId);
    }

    // ---- devices

    /**
     * Claims a device for a tenant, for good: no tenant (this one included) can claim it again.
     *
     * @throws InvalidInputException if the device ID is not 128 hex digits
     * @throws NotFoundException     if there is no such tenant
     * @throws ConflictException     if the device is claimed already
     */
    public Device claimDevice(UUID tenantId, String deviceId) {
        String id = Device.canonicalId(deviceId);
        return groupsChanged(transaction(c -> {
            requireTenant(c, tenantId);
            if (exists(c, "SELECT 1 FROM device WHERE device_id = ?", id)) {
                throw new ConflictException("deviceId", "the device is claimed already; a claim is for good");
            }
            Device d = new Device(id, tenantId, Optional.empty(), now());
            update(c, "INSERT INTO device (device_id, seq, tenant_id, device_group_id, claimed_us) "
                            + "VALUES (?, ?, ?, NULL, ?)",
                    id, nextSequence(c, "device"), tenantId, micros(d.claimedAt()));
            return d;
        }));
    }

    /** The tenant's device; empty if the device is unclaimed or another tenant's. */
    public Optional<Device> device(UUID tenantId, String deviceId) {
        String id = Device.canonicalId(deviceId);
        return transaction(c -> device(c, tenantId, id));
    }

    /** The tenant's devices in claim order, only those in {@code groupId} when it is given. */
    public Page<Device> devices(UUID tenantId, PageRequest page, Optional<UUID> groupId) {
        return transaction(c -> {
            if (groupId.isPresent()) {
                return page(c, page, "devices/" + tenantId + "/" + groupId.get(), false,
                        "SELECT " + DEVICE_COLUMNS + " FROM device WHERE tenant_id = ? AND device_group_id = ?",
                        ServiceStore::readDevice, tenantId, groupId.get());
            }
            return page(c, page, "devices/" + tenantId, false,
                    "SELECT " + DEVICE_COLUMNS + " FROM device WHERE tenant_id = ?", ServiceStore::readDevice,
                    tenantId);
        });
    }

    /**
     * Puts the tenant's device into one of the tenant's device groups.
     *
     * @throws NotFoundException if the tenant has no such device or no such group
     */
    public Device moveDevice(UUID tenantId, String deviceId, UUID groupId) {
        String id = Device.canonicalId(deviceId);
        Objects.requireNonNull(groupId, "groupId");
        return groupsChanged(transaction(c -> {
            Device old = device(c, tenantId, id)
                    .orElseThrow(() -> new NotFoundException("deviceId", "no claimed device " + id));
            if (group(c, tenantId, groupId).isEmpty()) {
                throw new NotFoundException("deviceGroupId", "no device group " + groupId);
            }
            update(c, "UPDATE device SET device_group_id = ? WHERE device_id = ?", groupId, id);
            return new Device(id, tenantId, Optional.of(groupId), old.claimedAt());
        }));
    }

    /** The tenant that claimed the device, for the device face; empty while it is unclaimed. */
    public Optional<UUID> deviceOwner(String deviceId) {
        String id = Device.canonicalId(deviceId);
        return read(c -> one(c, "SELECT tenant_id FROM device WHERE device_id = ?",
                r -> uuid(r.getString(1)), id));
    }

    private Optional<Device> device(Connection c, UUID tenantId, String canonicalId) throws SQLException {
        return one(c, "SELECT " + DEVICE_COLUMNS + " FROM device WHERE device_id = ? AND tenant_id = ?",
                ServiceStore::readDevice, canonicalId, tenantId);
    }

    // ---- tenant CA

    /**
     * Keeps the tenant's CA; a tenant has one, for good.
     *
     * @throws NotFoundException if there is no such tenant
     * @throws ConflictException if the tenant has a CA already
     */
    public TenantCa putTenantCa(UUID tenantId, String keyPem, byte[] certificateDer) {
        if (keyPem == null || keyPem.isEmpty() || keyPem.length() > MAX_PEM_LENGTH) {
            throw new InvalidInputException("keyPem", "a PEM key of 1 to " + MAX_PEM_LENGTH + " characters");
        }
        if (certificateDer == null || certificateDer.length == 0 || certificateDer.length > MAX_CERTIFICATE_BYTES) {
            throw new InvalidInputException(
                    "certificateDer", "a DER certificate of 1 to " + MAX_CERTIFICATE_BYTES + " bytes");
        }
        return transaction(c -> {
            requireTenant(c, tenantId);
            if (exists(c, "SELECT 1 FROM tenant_ca WHERE tenant_id = ?", tenantId)) {
                throw new ConflictException("tenantId", "the tenant has a CA already");
            }
            TenantCa ca = new TenantCa(tenantId, keyPem, certificateDer, now());
            update(c, "INSERT INTO tenant_ca (tenant_id, key_pem, certificate_der_base64, created_us) "
                            + "VALUES (?, ?, ?, ?)",
                    tenantId, keyPem, Base64.getEncoder().encodeToString(certificateDer), micros(ca.created()));
            return ca;
        });
    }

    public Optional<TenantCa> tenantCa(UUID tenantId) {
        return transaction(c -> one(c,
                "SELECT key_pem, certificate_der_base64, created_us FROM tenant_ca WHERE tenant_id = ?",
                r -> new TenantCa(tenantId, r.getString(1), Base64.getDecoder().decode(r.getString(2)),
                        instant(r.getLong(3))),
                tenantId));
    }

    // ---- images

    /**
     * Keeps an uploaded image package: the bytes first (content-addressed, forced to disk), then its record. The
     * SHA-256 is the caller's, who has just computed it over these bytes; the store checks the length, not the
     * digest, so each upload is hashed once. Should the record not be kept, the bytes stay as an unreferenced blob
     * that costs only disk space and is reused by an upload of the same bytes.
     *
     * <p>Image IDs are the tenant's own: another tenant may hold the same ID (with other bytes, or the same), and
     * no answer depends on whether one does. Identical bytes of two tenants share one blob, which is never deleted,
     * so neither tenant's image can lose the other's bytes. (The one trace of sharing is time: bytes kept already
     * are not written again, which an uploader who has every byte of another tenant's package could notice.)
     *
     * @throws InvalidInputException if the record's size is not the number of bytes
     * @throws NotFoundException     if there is no such tenant
     * @throws ConflictException     if the tenant has an image with this ID already
     */
    public Image addImage(UUID tenantId, ImageRecord record, byte[] bytes) {
        Objects.requireNonNull(record, "record");
        if (bytes == null || bytes.length != record.size()) {
            throw new InvalidInputException("size", "the record says " + record.size() + " bytes, "
                    + (bytes == null ? "none" : bytes.length) + " were given");
        }
        return transaction(c -> {
            requireTenant(c, tenantId);
            if (exists(c, "SELECT 1 FROM image WHERE tenant_id = ? AND id = ?", tenantId, record.imageId())) {
                throw new ConflictException("imageId", "the tenant has an image with ID " + record.imageId()
                        + " already");
            }
            blobs.put(record.sha256(), bytes);
            Image image = new Image(tenantId, record, now());
            update(c, "INSERT INTO image (tenant_id, id, seq, component_id, kind_code, name, image_version, "
                            + "security_version, sha256, size_bytes, added_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    tenantId, record.imageId(), nextSequence(c, "image"), record.componentId(), record.kindCode(),
                    record.name(), record.version(), record.securityVersion(), record.sha256(), record.size(),
                    micros(image.added()));
            return image;
        });
    }

    public Optional<Image> image(UUID tenantId, UUID imageId) {
        return transaction(c -> one(c, "SELECT " + IMAGE_COLUMNS + " FROM image WHERE id = ? AND tenant_id = ?",
                ServiceStore::readImage, imageId, tenantId));
    }

    public Page<Image> images(UUID tenantId, PageRequest page) {
        return transaction(c -> page(c, page, "images/" + tenantId, false,
                "SELECT " + IMAGE_COLUMNS + " FROM image WHERE tenant_id = ?", ServiceStore::readImage, tenantId));
    }

    /**
     * The file that holds the bytes with this SHA-256, for serving them (zero-copy, ranges); it never changes once
     * there. Check the caller may see an image of this hash (through {@link #image}) first.
     */
    public Optional<Path> imagePath(String sha256) {
        return blobs.path(ImageRecord.canonicalSha256(sha256));
    }

    /**
     * Up to {@code length} bytes of the image bytes with this SHA-256, from {@code offset}; fewer at the end.
     *
     * @throws NotFoundException     if no bytes with this SHA-256 are kept
     * @throws InvalidInputException if the offset lies beyond the end
     */
    public byte[] readImageRange(String sha256, long offset, int length) {
        String hash = ImageRecord.canonicalSha256(sha256);
        try {
            return blobs.readRange(hash, offset, length);
        } catch (IOException e) {
            throw new StoreException("reading image bytes " + hash + ": " + e.getMessage(), e);
        }
    }

    // ---- deployments

    /**
     * A new deployment for the group that goes to all its devices at once ({@link RolloutPlan#ALL_AT_ONCE}); see
     * {@link #createDeployment(UUID, UUID, List, RolloutPlan)}.
     */
    public Deployment createDeployment(UUID tenantId, UUID groupId, List<UUID> imageIds) {
        return createDeployment(tenantId, groupId, imageIds, RolloutPlan.ALL_AT_ONCE);
    }

    /**
     * A new deployment for the group, which becomes its current one, rolled out by {@code plan} from its first stage.
     * In the same transaction the rollout of an older deployment of the group still in progress or paused is
     * superseded. Deployments are never changed afterwards (their rollouts are).
     *
     * @param imageIds the images, in order; each the tenant's (an ID names the tenant's own image, whatever another
     *                 tenant holds under it), none twice
     * @throws NotFoundException     if the tenant has no such group or one of the images
     * @throws InvalidInputException if an image is listed twice or there are too many
     */
    public Deployment createDeployment(UUID tenantId, UUID groupId, List<UUID> imageIds, RolloutPlan plan) {
        Objects.requireNonNull(plan, "plan");
        List<UUID> images = List.copyOf(imageIds);
        if (images.size() > MAX_DEPLOYMENT_IMAGES) {
            throw new InvalidInputException("imageIds", "a deployment holds at most " + MAX_DEPLOYMENT_IMAGES
                    + " images");
        }
        if (new HashSet<>(images).size() != images.size()) {
            throw new InvalidInputException("imageIds", "an image is listed more than once");
        }
        return groupsChanged(transaction(c -> {
            if (group(c, tenantId, groupId).isEmpty()) {
                throw new NotFoundException("deviceGroupId", "no device group " + groupId);
            }
            for (UUID image : images) {
                if (!exists(c, "SELECT 1 FROM image WHERE id = ? AND tenant_id = ?", image, tenantId)) {
                    throw new NotFoundException("imageIds", "no image " + image);
                }
            }
            Deployment d = new Deployment(newId(), tenantId, groupId, images, now());
            update(c, "INSERT INTO deployment (id, seq, tenant_id, device_group_id, created_us) VALUES (?, ?, ?, ?, ?)",
                    d.id(), nextSequence(c, "deployment"), tenantId, groupId, micros(d.created()));
            for (int i = 0; i < images.size(); i++) {
                update(c, "INSERT INTO deployment_image (deployment_id, image_order, tenant_id, image_id) "
                                + "VALUES (?, ?, ?, ?)",
                        d.id(), i, tenantId, images.get(i));
            }
            update(c, "UPDATE rollout SET rollout_state = ?, changed_us = ? WHERE rollout_state IN (?, ?) AND deployment_id IN "
                            + "(SELECT id FROM deployment WHERE tenant_id = ? AND device_group_id = ? AND id <> ?)",
                    RolloutState.SUPERSEDED.platformName(), micros(d.created()), RolloutState.IN_PROGRESS.platformName(),
                    RolloutState.PAUSED.platformName(), tenantId, groupId, d.id());
            update(c, "INSERT INTO rollout (deployment_id, stages, failure_threshold, rollout_state, reached_stages, "
                            + "paused_reason, forgiven_through, changed_us) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)",
                    d.id(), stagesText(plan), plan.failureThreshold().toPlainString(), RolloutState.IN_PROGRESS.platformName(),
                    1, 0L, micros(d.created()));
            return d;
        }));
    }

    /** The group's newest deployment; empty if the group has none (or is not the tenant's). */
    public Optional<Deployment> currentDeployment(UUID tenantId, UUID groupId) {
        return transaction(c -> {
            Optional<Deployment> bare;
            try (PreparedStatement s = prepare(c, "SELECT " + DEPLOYMENT_COLUMNS
                    + " FROM deployment WHERE tenant_id = ? AND device_group_id = ? ORDER BY seq DESC", tenantId,
                    groupId)) {
                s.setMaxRows(1);
                try (ResultSet r = s.executeQuery()) {
                    bare = r.next() ? Optional.of(readDeploymentRow(r)) : Optional.empty();
                }
            }
            if (bare.isEmpty()) {
                return bare;
            }
            return Optional.of(withImages(c, bare.get()));
        });
    }

    /** The tenant's deployment of this ID, with its images; empty if there is none (or it is another tenant's). */
    public Optional<Deployment> deployment(UUID tenantId, UUID deploymentId) {
        return transaction(c -> {
            Optional<Deployment> bare = one(c, "SELECT " + DEPLOYMENT_COLUMNS + " FROM deployment WHERE id = ? AND tenant_id = ?",
                    ServiceStore::readDeploymentRow, deploymentId, tenantId);
            return bare.isEmpty() ? bare : Optional.of(withImages(c, bare.get()));
        });
    }

    /** The images of a deployment, in its order (one query, not one per image: a manifest needs them all). */
    public List<Image> deploymentImages(Deployment deployment) {
        return transaction(c -> {
            List<Image> images = new ArrayList<>();
            try (PreparedStatement s = prepare(c, "SELECT i.id, i.tenant_id, i.component_id, i.kind_code, i.name, "
                    + "i.image_version, i.security_version, i.sha256, i.size_bytes, i.added_us, i.seq "
                    + "FROM deployment_image di INNER JOIN image i ON i.tenant_id = di.tenant_id AND i.id = di.image_id "
                    + "WHERE di.deployment_id = ? AND di.tenant_id = ? ORDER BY di.image_order",
                    deployment.id(), deployment.tenantId());
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    images.add(readImage(r));
                }
            }
            return images;
        });
    }

    /** The group's deployments, newest first. */
    public Page<Deployment> deployments(UUID tenantId, UUID groupId, PageRequest page) {
        return transaction(c -> {
            Page<Deployment> bare = page(c, page, "deployments/" + tenantId + "/" + groupId, true,
                    "SELECT " + DEPLOYMENT_COLUMNS + " FROM deployment WHERE tenant_id = ? AND device_group_id = ?",
                    ServiceStore::readDeploymentRow, tenantId, groupId);
            List<Deployment> full = new ArrayList<>(bare.items().size());
            for (Deployment d : bare.items()) {
                full.add(withImages(c, d));
            }
            return new Page<>(full, bare.continuationToken());
        });
    }

    // ---- rollouts

    /** The rollout of the tenant's deployment; empty if there is no such deployment (or it is another tenant's). */
    public Optional<Rollout> rollout(UUID tenantId, UUID deploymentId) {
        return transaction(c -> rollout(c, tenantId, deploymentId));
    }

    /**
     * The group's baseline: its newest deployment whose rollout completed, which its devices not (yet) given a newer
     * one hold. Empty when none has: those devices keep the apps they have.
     */
    public Optional<Deployment> baselineDeployment(UUID tenantId, UUID groupId) {
        return transaction(c -> {
            Optional<Deployment> bare;
            try (PreparedStatement s = prepare(c, "SELECT d.id, d.tenant_id, d.device_group_id, d.created_us, d.seq "
                    + "FROM deployment d INNER JOIN rollout r ON r.deployment_id = d.id WHERE d.tenant_id = ? AND "
                    + "d.device_group_id = ? AND r.rollout_state = ? ORDER BY d.seq DESC", tenantId, groupId,
                    RolloutState.COMPLETE.platformName())) {
                s.setMaxRows(1);
                try (ResultSet r = s.executeQuery()) {
                    bare = r.next() ? Optional.of(readDeploymentRow(r)) : Optional.empty();
                }
            }
            return bare.isEmpty() ? bare : Optional.of(withImages(c, bare.get()));
        });
    }

    /**
     * A number that moves on after every committed claim, move of a device between groups, or deployment: what a
     * rollout's stages are drawn from ({@link #groupDevices}), so a rollout's judgement can keep its stages until it
     * does (reports it reads afresh, {@link #deploymentOutcomesAfter}). A write that changes groups' devices must go
     * through {@link #groupsChanged}.
     */
    public long groupChanges() {
        return groupChanges.get();
    }

    /** Notes, after its commit, a write that changed which devices groups hold; returns its result. */
    private <T> T groupsChanged(T result) {
        groupChanges.incrementAndGet();
        return result;
    }

    /** The IDs of the devices in the tenant's group now, in claim order (a rollout's stages are drawn from them). */
    public List<String> groupDevices(UUID tenantId, UUID groupId) {
        return transaction(c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement s = prepare(c, "SELECT device_id FROM device WHERE tenant_id = ? AND device_group_id = ? "
                    + "ORDER BY seq", tenantId, groupId);
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
            return ids;
        });
    }

    /**
     * What each device now in the deployment's group last reported about it (devices that have not reported are
     * absent). Reports of devices outside the group do not count: any device may name any deployment in a report.
     */
    public Map<String, DeviceOutcome> deploymentOutcomes(UUID tenantId, UUID deploymentId) {
        return deploymentOutcomesAfter(tenantId, deploymentId, 0);
    }

    /**
     * As {@link #deploymentOutcomes}, from the reports stored after report {@code afterSequence} only (their latest per
     * device): what a judgement that has read the reports up to there lacks. Reports are numbered in commit order.
     */
    public Map<String, DeviceOutcome> deploymentOutcomesAfter(UUID tenantId, UUID deploymentId, long afterSequence) {
        return transaction(c -> {
            Map<String, DeviceOutcome> latest = new HashMap<>();
            try (PreparedStatement s = prepare(c, "SELECT u.device_id, u.outcome, u.seq FROM update_report u "
                    + "INNER JOIN deployment d ON d.id = u.deployment_id "
                    + "INNER JOIN device v ON v.device_id = u.device_id AND v.tenant_id = d.tenant_id "
                    + "AND v.device_group_id = d.device_group_id "
                    + "WHERE u.deployment_id = ? AND d.tenant_id = ? AND u.seq > ? ORDER BY u.seq", deploymentId, tenantId,
                    afterSequence);
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    latest.put(r.getString(1), new DeviceOutcome(r.getString(1), stored("outcome",
                            UpdateOutcome.fromName(r.getString(2))), r.getLong(3)));
                }
            }
            return latest;
        });
    }

    /**
     * Moves a rollout on from {@code from} to {@code to} (state, stages reached, paused reason), if it is still as
     * {@code from} says: two evaluations that raced cannot both move it, and one that read it before a resume cannot
     * undo the resume.
     *
     * @return the rollout as kept, or empty, with nothing changed, if it changed since {@code from} was read
     */
    public Optional<Rollout> changeRollout(Rollout from, Rollout to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.deploymentId().equals(to.deploymentId())) {
            throw new IllegalArgumentException("a rollout changes into a rollout of the same deployment");
        }
        return transaction(c -> {
            Instant now = now();
            int changed = update(c, "UPDATE rollout SET rollout_state = ?, reached_stages = ?, paused_reason = ?, "
                            + "forgiven_through = ?, changed_us = ? WHERE deployment_id = ? AND rollout_state = ? "
                            + "AND reached_stages = ? AND forgiven_through = ?",
                    to.state().platformName(), to.reachedStages(), to.pausedReason().orElse(null), to.forgivenThrough(),
                    micros(now), to.deploymentId(), from.state().platformName(), from.reachedStages(), from.forgivenThrough());
            return changed == 1 ? rollout(c, to.tenantId(), to.deploymentId()) : Optional.<Rollout>empty();
        });
    }

    /**
     * Resumes a paused rollout: in progress again from the stage it reached, the failures reported so far forgiven
     * (they paused it once; only later ones count against the threshold now).
     *
     * @throws NotFoundException if the tenant's group has no such deployment
     * @throws ConflictException if the rollout is not paused
     */
    public Rollout resumeRollout(UUID tenantId, UUID groupId, UUID deploymentId) {
        return transaction(c -> {
            Rollout r = rollout(c, tenantId, deploymentId).filter(x -> x.deviceGroupId().equals(groupId))
                    .orElseThrow(() -> new NotFoundException("deploymentId", "no deployment " + deploymentId + " in device group " + groupId));
            if (r.state() != RolloutState.PAUSED) {
                throw new ConflictException("rollout", "the rollout is " + r.state().platformName()
                        + "; only a Paused rollout is resumed");
            }
            long reports;
            try (Statement s = c.createStatement();
                    ResultSet q = s.executeQuery("SELECT MAX(seq) FROM update_report")) {
                reports = q.next() ? q.getLong(1) : 0L;
            }
            update(c, "UPDATE rollout SET rollout_state = ?, paused_reason = NULL, forgiven_through = ?, changed_us = ? "
                            + "WHERE deployment_id = ?",
                    RolloutState.IN_PROGRESS.platformName(), reports, micros(now()), deploymentId);
            return rollout(c, tenantId, deploymentId).orElseThrow();
        });
    }

    private static Optional<Rollout> rollout(Connection c, UUID tenantId, UUID deploymentId) throws SQLException {
        return one(c, "SELECT r.deployment_id, d.tenant_id, d.device_group_id, r.stages, r.failure_threshold, r.rollout_state, "
                        + "r.reached_stages, r.paused_reason, r.forgiven_through, r.changed_us FROM rollout r "
                        + "INNER JOIN deployment d ON d.id = r.deployment_id WHERE r.deployment_id = ? AND d.tenant_id = ?",
                ServiceStore::readRollout, deploymentId, tenantId);
    }

    private static Rollout readRollout(ResultSet r) throws SQLException {
        RolloutPlan plan;
        try {
            List<BigDecimal> stages = new ArrayList<>();
            for (String f : r.getString(4).split(",")) {
                stages.add(new BigDecimal(f));
            }
            plan = new RolloutPlan(stages, new BigDecimal(r.getString(5)));
        } catch (NumberFormatException | InvalidInputException e) {
            throw new StoreException("the store holds an unreadable rollout plan for deployment " + r.getString(1), e);
        }
        return new Rollout(uuid(r.getString(1)), uuid(r.getString(2)), uuid(r.getString(3)), plan,
                stored("rollout_state", RolloutState.fromName(r.getString(6))), r.getInt(7), Optional.ofNullable(r.getString(8)),
                r.getLong(9), instant(r.getLong(10)));
    }

    private static String stagesText(RolloutPlan plan) {
        return String.join(",", plan.stages().stream().map(BigDecimal::toPlainString).toList());
    }

    private static Deployment withImages(Connection c, Deployment d) throws SQLException {
        List<UUID> images = new ArrayList<>();
        try (PreparedStatement s = prepare(c,
                "SELECT image_id FROM deployment_image WHERE deployment_id = ? ORDER BY image_order", d.id());
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                images.add(uuid(r.getString(1)));
            }
        }
        return new Deployment(d.id(), d.tenantId(), d.deviceGroupId(), images, d.created());
    }

    // ---- attestation log

    /**
     * Notes a successful attestation, claimed device or not. Attestations come in bursts (a fleet's daily renewal),
     * so they share commits on the store's committer: the future completes once the record is durable, and with a
     * committer of its own the caller's thread never waits on the disk.
     *
     * @param certificateSerialHex the serial of the certificate issued, hex
     * @throws InvalidInputException at once, for an argument the store would refuse
     */
    public CompletableFuture<Attestation> recordAttestation(String deviceId, String osVersion, String certificateSerialHex) {
        String id = Device.canonicalId(deviceId);
        if (osVersion == null || osVersion.length() > MAX_OS_VERSION_LENGTH) {
            throw new InvalidInputException("osVersion", "an OS version of at most " + MAX_OS_VERSION_LENGTH
                    + " characters");
        }
        String serial = certificateSerialHex == null ? "" : certificateSerialHex.toLowerCase(Locale.ROOT);
        if (!SERIAL_HEX.matcher(serial).matches()) {
            throw new InvalidInputException("certificateSerialHex", "a serial number is 1 to 64 hex digits");
        }
        return commits.submit(c -> {
            Attestation a = new Attestation(id, osVersion, serial, now());
            update(c, "INSERT INTO attestation (seq, device_id, os_version, certificate_serial, attested_us) "
                            + "VALUES (?, ?, ?, ?, ?)",
                    nextSequence(c, "attestation"), id, osVersion, serial, micros(a.attestedAt()));
            return a;
        });
    }

    public Optional<Attestation> lastAttestation(String deviceId) {
        String id = Device.canonicalId(deviceId);
        return transaction(c -> {
            try (PreparedStatement s = prepare(c, "SELECT os_version, certificate_serial, attested_us FROM attestation "
                    + "WHERE device_id = ? ORDER BY seq DESC", id)) {
                s.setMaxRows(1);
                try (ResultSet r = s.executeQuery()) {
                    return r.next()
                            ? Optional.of(new Attestation(id, r.getString(1), r.getString(2), instant(r.getLong(3))))
                            : Optional.<Attestation>empty();
                }
            }
        });
    }

    // ---- error reports

    /**
     * Keeps a device's error events with the tenant that claimed it. An unclaimed device's events belong to no
     * tenant and are dropped.
     *
     * @return how many events were kept: all of them, or 0 for an unclaimed device
     */
    public int recordErrorEvents(String deviceId, List<ErrorEvent> events) {
        String id = Device.canonicalId(deviceId);
        List<ErrorEvent> copy = List.copyOf(events);
        if (copy.size() > MAX_ERROR_EVENTS_PER_REPORT) {
            throw new InvalidInputException("events", "a report holds at most " + MAX_ERROR_EVENTS_PER_REPORT
                    + " events");
        }
        return transaction(c -> {
            Optional<UUID> owner = one(c, "SELECT tenant_id FROM device WHERE device_id = ?",
                    r -> uuid(r.getString(1)), id);
            if (owner.isEmpty() || copy.isEmpty()) {
                return 0;
            }
            long seq = nextSequence(c, "error_event");
            long reported = micros(now());
            for (ErrorEvent e : copy) {
                update(c, "INSERT INTO error_event (seq, tenant_id, device_id, event_type, event_class, event_category, "
                                + "description, event_count, start_us, end_us, reported_us) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        seq++, owner.get(), id, e.eventType().platformName(), e.eventClass(), e.eventCategory(),
                        e.description(), e.count(), micros(e.start()), micros(e.end()), reported);
            }
            return copy.size();
        });
    }

    /** The tenant's error events in the order they were reported, for the CSV error report. */
    public Page<ReportedErrorEvent> errorEvents(UUID tenantId, PageRequest page) {
        return transaction(c -> page(c, page, "errors/" + tenantId, false,
                "SELECT " + ERROR_EVENT_COLUMNS + " FROM error_event WHERE tenant_id = ?",
                ServiceStore::readErrorEvent, tenantId));
    }

    // ---- over-the-air updates

    /** The last update manifest issued to the device (claimed or not), if any. */
    public Optional<IssuedManifest> lastManifest(String deviceId) {
        String id = Device.canonicalId(deviceId);
        return transaction(c -> one(c, "SELECT " + MANIFEST_COLUMNS + " FROM device_manifest WHERE device_id = ?",
                ServiceStore::readManifest, id));
    }

    /**
     * Keeps {@code next} as its device's last manifest if the one kept now is still the one before it (version
     * {@code next.version() - 1}, or none for version 1): two requests that raced to issue a device's next manifest
     * cannot both keep one of the same version, the second finds the first's and is refused. In the same
     * transaction, when the manifest names a deployment other than the last one the device was targeted with, a row
     * of its deployment history is added (a manifest without one leaves the device's apps, and so its history, alone).
     *
     * @return false, with nothing changed, if another manifest was kept since the caller read the last one
     */
    public boolean recordManifest(IssuedManifest next) {
        Objects.requireNonNull(next, "next");
        return transaction(c -> {
            long kept = one(c, "SELECT manifest_version FROM device_manifest WHERE device_id = ?", r -> r.getLong(1),
                    next.deviceId()).orElse(0L);
            if (kept != next.version() - 1) {
                return false;
            }
            String envelope = Base64.getEncoder().encodeToString(next.envelope());
            String deployment = next.deployment().map(UUID::toString).orElse(null);
            if (kept == 0) {
                update(c, "INSERT INTO device_manifest (device_id, manifest_version, content_sha256, deployment_id, "
                                + "envelope_base64, issued_us, expires_us) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        next.deviceId(), next.version(), next.contentSha256(), deployment, envelope,
                        micros(next.issued()), micros(next.expires()));
            } else {
                update(c, "UPDATE device_manifest SET manifest_version = ?, content_sha256 = ?, deployment_id = ?, "
                                + "envelope_base64 = ?, issued_us = ?, expires_us = ? WHERE device_id = ? AND manifest_version = ?",
                        next.version(), next.contentSha256(), deployment, envelope, micros(next.issued()),
                        micros(next.expires()), next.deviceId(), kept);
            }
            if (next.deployment().isPresent() && !next.deployment().equals(lastTargeted(c, next.deviceId()))) {
                update(c, "INSERT INTO deployment_targeting (seq, device_id, deployment_id, manifest_version, targeted_us) "
                                + "VALUES (?, ?, ?, ?, ?)",
                        nextSequence(c, "deployment_targeting"), next.deviceId(), next.deployment().get(), next.version(),
                        micros(next.issued()));
            }
            return true;
        });
    }

    private static Optional<UUID> lastTargeted(Connection c, String deviceId) throws SQLException {
        try (PreparedStatement s = prepare(c, "SELECT deployment_id FROM deployment_targeting WHERE device_id = ? "
                + "ORDER BY seq DESC", deviceId)) {
            s.setMaxRows(1);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(uuid(r.getString(1))) : Optional.empty();
            }
        }
    }

    /**
     * The tenant's device's deployment history, newest first.
     *
     * @throws NotFoundException if the tenant has no such device
     */
    public Page<DeploymentTargeting> deploymentHistory(UUID tenantId, String deviceId, PageRequest page) {
        String id = Device.canonicalId(deviceId);
        return transaction(c -> {
            if (device(c, tenantId, id).isEmpty()) {
                throw new NotFoundException("deviceId", "no claimed device " + id);
            }
            return page(c, page, "targeting/" + id, true, "SELECT device_id, deployment_id, manifest_version, targeted_us, "
                    + "seq FROM deployment_targeting WHERE device_id = ?", r -> new DeploymentTargeting(r.getString(1),
                    uuid(r.getString(2)), r.getLong(3), instant(r.getLong(4))), id);
        });
    }

    /**
     * Keeps what a device reported about a manifest it acted on; durable when this returns. Kept for unclaimed
     * devices too: the manifest it reports on was theirs.
     */
    public ReceivedUpdateReport recordUpdateReport(String deviceId, UpdateReport report) {
        String id = Device.canonicalId(deviceId);
        Objects.requireNonNull(report, "report");
        String installed = installedImagesJson(report.installedImages());
        return transaction(c -> {
            ReceivedUpdateReport kept = new ReceivedUpdateReport(id, report, now());
            update(c, "INSERT INTO update_report (seq, device_id, manifest_version, deployment_id, outcome, detail, "
                            + "installed_images, reported_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    nextSequence(c, "update_report"), id, report.manifestVersion(),
                    report.deployment().map(UUID::toString).orElse(null), report.outcome().platformName(), report.detail(),
                    installed, micros(kept.received()));
            return kept;
        });
    }

    /** The device's newest update report, if it sent any. */
    public Optional<ReceivedUpdateReport> lastUpdateReport(String deviceId) {
        String id = Device.canonicalId(deviceId);
        return transaction(c -> {
            try (PreparedStatement s = prepare(c, "SELECT manifest_version, deployment_id, outcome, detail, installed_images, "
                    + "reported_us FROM update_report WHERE device_id = ? ORDER BY seq DESC", id)) {
                s.setMaxRows(1);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.<ReceivedUpdateReport>empty();
                    }
                    UpdateReport report = new UpdateReport(r.getLong(1), Optional.ofNullable(r.getString(2)).map(ServiceStore::uuid),
                            stored("outcome", UpdateOutcome.fromName(r.getString(3))), r.getString(4),
                            readInstalledImages(r.getString(5)));
                    return Optional.of(new ReceivedUpdateReport(id, report, instant(r.getLong(6))));
                }
            }
        });
    }

    private static String installedImagesJson(List<InstalledImage> images) {
        ArrayNode list = JSON.createArrayNode();
        for (InstalledImage i : images) {
            list.addObject().put("ImageId", i.imageId().toString()).put("ComponentId", i.componentId().toString())
                    .put("Version", i.version());
        }
        return list.toString();
    }

    private static List<InstalledImage> readInstalledImages(String json) {
        try {
            List<InstalledImage> images = new ArrayList<>();
            for (JsonNode i : JSON.readTree(json)) {
                images.add(new InstalledImage(uuid(i.get("ImageId").asText()), uuid(i.get("ComponentId").asText()),
                        i.get("Version").asText()));
            }
            return images;
        } catch (IOException | RuntimeException e) {
            throw new StoreException("the store holds an unreadable installed_images", e);
        }
    }

    // ---- rows

    private static Tenant readTenant(ResultSet r) throws SQLException {
        return new Tenant(uuid(r.getString(1)), r.getString(2), instant(r.getLong(3)));
    }

    private static Product readProduct(ResultSet r) throws SQLException {
        return new Product(uuid(r.getString(1)), uuid(r.getString(2)), r.getString(3), r.getString(4),
                instant(r.getLong(5)));
    }

    private static DeviceGroup readGroup(ResultSet r) throws SQLException {
        return new DeviceGroup(uuid(r.getString(1)), uuid(r.getString(2)), uuid(r.getString(3)), r.getString(4),
                r.getString(5), stored("os_feed", OsFeed.fromName(r.getString(6))),
                stored("update_policy", UpdatePolicy.fromName(r.getString(7))), instant(r.getLong(8)));
    }

    private static Device readDevice(ResultSet r) throws SQLException {
        String group = r.getString(3);
        return new Device(r.getString(1), uuid(r.getString(2)), Optional.ofNullable(group).map(ServiceStore::uuid),
                instant(r.getLong(4)));
    }

    private static Image readImage(ResultSet r) throws SQLException {
        ImageRecord record = new ImageRecord(uuid(r.getString(1)), uuid(r.getString(3)), r.getInt(4), r.getString(5),
                r.getString(6), r.getLong(7), r.getString(8), r.getLong(9));
        return new Image(uuid(r.getString(2)), record, instant(r.getLong(10)));
    }

    /** A deployment without its images (see {@link #withImages}). */
    private static Deployment readDeploymentRow(ResultSet r) throws SQLException {
        return new Deployment(uuid(r.getString(1)), uuid(r.getString(2)), uuid(r.getString(3)), List.of(),
                instant(r.getLong(4)));
    }

    private static ReportedErrorEvent readErrorEvent(ResultSet r) throws SQLException {
        ErrorEvent event = new ErrorEvent(stored("event_type", ErrorEventType.fromName(r.getString(3))),
                r.getString(4), r.getString(5), r.getString(6), r.getInt(7), instant(r.getLong(8)),
                instant(r.getLong(9)));
        return new ReportedErrorEvent(uuid(r.getString(1)), r.getString(2), event, instant(r.getLong(10)));
    }

    private static IssuedManifest readManifest(ResultSet r) throws SQLException {
        return new IssuedManifest(r.getString(1), r.getLong(2), r.getString(3), Optional.ofNullable(r.getString(4))
                .map(ServiceStore::uuid), Base64.getDecoder().decode(r.getString(5)), instant(r.getLong(6)), instant(r.getLong(7)));
    }

    private static <E> E stored(String column, Optional<E> value) {
        return value.orElseThrow(() -> new StoreException("the store holds an unknown " + column));
    }

    // ---- plumbing

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet r) throws SQLException;
    }

    /** Runs {@code work} on the reading connection, which sees the last commit; for reads that must not queue behind one. */
    private <T> T read(Work<T> work) {
        readLock.lock();
        try {
            Connection c = reader;
            if (c == null) {
                throw new StoreException("the service store is closed");
            }
            try {
                T result = work.run(c);
                c.commit(); // ends the read transaction, so the next read sees later commits
                return result;
            } catch (SQLException | IOException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw new StoreException("service database: " + e.getMessage(), e);
            }
        } finally {
            readLock.unlock();
        }
    }

    /** Runs {@code work} as one transaction under the lock: committed when it returns, rolled back when it throws. */
    private <T> T transaction(Work<T> work) {
        lock.lock();
        try {
            Connection c = connection;
            if (c == null) {
                throw new StoreException("the service store is closed");
            }
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (Throwable t) {
                try {
                    c.rollback();
                } catch (SQLException e) {
                    t.addSuppressed(e);
                }
                if (t instanceof RuntimeException r) {
                    throw r;
                }
                if (t instanceof Error e) {
                    throw e;
                }
                if (t instanceof SQLException) {
                    throw new StoreException("service database: " + t.getMessage(), t);
                }
                throw new StoreException("image store: " + t.getMessage(), t);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * One page of a list: {@code select} must end in a WHERE clause and read {@code seq} as its last column.
     * Reads one row past the page to know whether another page follows.
     */
    private static <T> Page<T> page(
            Connection c,
            PageRequest request,
            String scope,
            boolean newestFirst,
            String select,
            RowReader<T> reader,
            Object... parameters)
            throws SQLException {
        long after = request.continuationToken()
                .map(t -> PageToken.decode(scope, t))
                .orElse(newestFirst ? Long.MAX_VALUE : 0L);
        String sql = select + (newestFirst ? " AND seq < ? ORDER BY seq DESC" : " AND seq > ? ORDER BY seq ASC");
        Object[] all = Arrays.copyOf(parameters, parameters.length + 1);
        all[parameters.length] = after;
        List<T> items = new ArrayList<>();
        long lastSequence = after;
        boolean more = false;
        try (PreparedStatement s = prepare(c, sql, all)) {
            s.setMaxRows(request.maxPageSize() + 1);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (items.size() == request.maxPageSize()) {
                        more = true;
                        break;
                    }
                    items.add(reader.read(r));
                    lastSequence = r.getLong("seq");
                }
            }
        }
        return new Page<>(items, more ? Optional.of(PageToken.encode(scope, lastSequence)) : Optional.empty());
    }

    private static <T> Optional<T> one(Connection c, String sql, RowReader<T> reader, Object... parameters)
            throws SQLException {
        try (PreparedStatement s = prepare(c, sql, parameters);
                ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.of(reader.read(r)) : Optional.empty();
        }
    }

    private static boolean exists(Connection c, String sql, Object... parameters) throws SQLException {
        return one(c, sql, r -> Boolean.TRUE, parameters).isPresent();
    }

    private static int update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, parameters)) {
            return s.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                switch (p) {
                    case null -> s.setNull(i + 1, java.sql.Types.VARCHAR); // an absent ID (a manifest without a deployment)
                    case UUID u -> s.setString(i + 1, u.toString());
                    case String t -> s.setString(i + 1, t);
                    case Long l -> s.setLong(i + 1, l);
                    case Integer n -> s.setInt(i + 1, n);
                    default -> throw new IllegalArgumentException("unsupported parameter " + p);
                }
            }
            return s;
        } catch (SQLException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The next creation sequence of a table; safe because every write holds the lock and the only connection. */
    private static long nextSequence(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT MAX(seq) FROM " + table)) {
            return r.next() ? r.getLong(1) + 1 : 1;
        }
    }

    private static void requireTenant(Connection c, UUID tenantId) throws SQLException {
        if (!exists(c, "SELECT 1 FROM tenant WHERE id = ?", Objects.requireNonNull(tenantId, "tenantId"))) {
            throw new NotFoundException("tenantId", "no tenant " + tenantId);
        }
    }

    private static String description(String field, String description) {
        String text = description == null ? "" : description.strip();
        if (text.length() > MAX_DESCRIPTION_LENGTH) {
            throw new InvalidInputException(field, "a description has at most " + MAX_DESCRIPTION_LENGTH
                    + " characters");
        }
        return text;
    }

    /** A random (version 4) UUID from the injected randomness, so a seeded run makes the same IDs. */
    private UUID newId() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low);
    }

    /** The clock's time at the precision the store keeps (microseconds), so what is returned is what is read. */
    private Instant now() {
        return instant(micros(clock.instant()));
    }

    private static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static UUID uuid(String text) {
        return UUID.fromString(text);
    }

    private static String tokenHash(String token) {
        return ImageRecord.hex(Sha256.of(token.getBytes(StandardCharsets.US_ASCII)));
    }

    private static void closeQuietly(Connection connection, FileLock lock, FileChannel channel, Exception cause) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                cause.addSuppressed(e);
            }
        }
        try {
            if (lock != null) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
