package io.sphaera.service.update;

import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.CertifiedKey;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.firmware.update.UpdateAuthority;
import io.sphaera.firmware.update.UpdateManifest;
import io.sphaera.firmware.update.UpdateManifestException;
import io.sphaera.firmware.update.UpdateManifestVerifier;
import io.sphaera.service.ScratchDirectory;
import io.sphaera.service.store.Deployment;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.DeviceIds;
import io.sphaera.service.store.Image;
import io.sphaera.service.store.OsFeed;
import io.sphaera.service.store.Product;
import io.sphaera.service.store.ServiceStore;
import io.sphaera.service.store.Tenant;
import io.sphaera.service.store.TenantWithGroup;
import io.sphaera.service.store.TestApps;
import io.sphaera.service.store.UpdatePolicy;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The update side of the service, without the network, for one test: a store of its own on a clock the test sets
 * (at {@link #T0} to begin with), holding a tenant with a group ({@link TenantWithGroup}); the device updates served
 * from it, their manifests signed by the service's update CA under a test root; and the check a device makes of a
 * manifest, with the root alone. Registered as an extension, it opens before each test and is gone after it.
 */
final class UpdateService implements BeforeEachCallback, AfterEachCallback {
    static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");
    private static final CertificateAuthority ROOT = CertificateAuthority.selfSigned(SigningKey.generate(new SplittableRandom(1)),
            "Sphaera Root", T0.minus(Duration.ofDays(100)), T0.plus(Duration.ofDays(3650)), BigInteger.ONE);
    private static final CertificateAuthority UPDATE_CA = ROOT.issueAuthority(SigningKey.generate(new SplittableRandom(2)),
            UpdateAuthority.SERVICE_UPDATE_CA, T0.minus(Duration.ofDays(100)), T0.plus(Duration.ofDays(3650)), BigInteger.TWO);
    private static final UpdateManifestVerifier DEVICE_CHECK = new UpdateManifestVerifier(List.of(),
            new UpdateAuthority(ROOT.key().verificationKey(), UpdateAuthority.SERVICE_UPDATE_CA));

    private final Map<String, List<byte[]>> releases;
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private SplittableRandom random;
    private ScratchDirectory dir;
    private ServiceStore store;
    private DeviceUpdates updates;
    private TenantWithGroup contoso;

    /** Without OS releases: the manifests' OS phase is empty. */
    UpdateService() {
        this(Map.of());
    }

    /** Carrying these releases (by name, each its system images) on the OS feeds. */
    UpdateService(Map<String, List<byte[]>> releases) {
        this.releases = releases;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        dir = new ScratchDirectory("update-service");
        now.set(T0);
        random = new SplittableRandom(9);
        open();
        contoso = TenantWithGroup.createIn(store);
    }

    private void open() throws Exception {
        store = ServiceStore.open(dir.path(), clock(), new SplittableRandom(3));
        updates = new DeviceUpdates(store, signer(), clock(), OsFeeds.of(releases));
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            store.close();
        } finally {
            dir.close();
        }
    }

    /** Closes the store and opens it again, with device updates anew, as a restarted service does. */
    void restart() throws Exception {
        store.close();
        open();
    }

    ServiceStore store() {
        return store;
    }

    DeviceUpdates updates() {
        return updates;
    }

    Tenant tenant() {
        return contoso.tenant();
    }

    Product product() {
        return contoso.product();
    }

    /** The tenant's group on the Retail feed that takes all updates. */
    DeviceGroup field() {
        return contoso.group();
    }

    /** The service's manifest signing key, for device updates a test makes itself. */
    CertifiedKey signer() {
        return new CertifiedKey(UPDATE_CA.key(), UPDATE_CA.certificateDer());
    }

    /** The service's clock: what the test last set. */
    InstantSource clock() {
        return now::get;
    }

    Instant now() {
        return now.get();
    }

    void setNow(Instant t) {
        now.set(t);
    }

    /** The manifest {@code envelope} holds, checked as {@code device} checks it now after acting on {@code lastVersion}. */
    UpdateManifest verify(byte[] envelope, String device, long lastVersion) throws UpdateManifestException {
        return DEVICE_CHECK.verify(envelope, new UpdateManifestVerifier.Expectations(device, lastVersion, null, now.get())).manifest();
    }

    /** The manifest {@code device} is served now, checked as it checks it after acting on {@code lastVersion}. */
    UpdateManifest manifest(String device, long lastVersion) throws UpdateManifestException {
        return verify(updates.manifest(device), device, lastVersion);
    }

    /** Another group of the tenant's product. */
    DeviceGroup group(String name, OsFeed feed, UpdatePolicy policy) {
        return store.createDeviceGroup(tenant().id(), product().id(), name, "", feed, policy);
    }

    /** A device no tenant has claimed. */
    String unclaimed() {
        return DeviceIds.next(random);
    }

    /** A device the tenant claimed, in no group. */
    String claimed() {
        String id = unclaimed();
        store.claimDevice(tenant().id(), id);
        return id;
    }

    /** A device the tenant claimed, in group {@code g}. */
    String claimed(DeviceGroup g) {
        String id = claimed();
        store.moveDevice(tenant().id(), id, g.id());
        return id;
    }

    /** A deployment of {@code images}, in this order, to group {@code g}. */
    Deployment deploy(DeviceGroup g, Image... images) {
        return store.createDeployment(tenant().id(), g.id(), Stream.of(images).map(Image::imageId).toList());
    }

    /** A new applications image of the tenant's, of {@code version}. */
    Image app(String version) {
        return TestApps.add(store, tenant().id(), version, random);
    }
}
