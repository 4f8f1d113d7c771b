package io.sphaera.service.http;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.firmware.update.UpdateAuthority;
import io.sphaera.firmware.update.UpdateManifest;
import io.sphaera.firmware.update.UpdateManifestException;
import io.sphaera.firmware.update.UpdateManifestVerifier;
import io.sphaera.service.ScratchDirectory;
import io.sphaera.service.SecurityService;
import io.sphaera.service.pki.ServicePki;
import io.sphaera.service.store.Deployment;
import io.sphaera.service.store.DeviceGroup;
import io.sphaera.service.store.DeviceIds;
import io.sphaera.service.store.Image;
import io.sphaera.service.store.OsFeed;
import io.sphaera.service.store.Product;
import io.sphaera.service.store.Role;
import io.sphaera.service.store.ServiceStore;
import io.sphaera.service.store.Tenant;
import io.sphaera.service.store.TestApps;
import io.sphaera.service.store.UpdatePolicy;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A security service running over TLS on loopback for a test class, its clock fixed at {@link #T0} and its root
 * {@link #ROOT}: a tenant (Contoso) with an Administrator's and a Reader's token and a product (Lamp); devices with the
 * certificates the service's CAs issue them, as they hold after attesting; and the check a device makes of a manifest,
 * with the root alone. Registered as a static extension, it starts before the class's tests and stops after them.
 */
final class LoopbackService implements BeforeAllCallback, AfterAllCallback {
    static final Instant T0 = Instant.parse("2026-06-01T09:30:00Z");
    static final CertificateAuthority ROOT = CertificateAuthority.selfSigned(SigningKey.generate(new SplittableRandom(1)),
            "Sphaera Root", T0.minus(Duration.ofDays(100)), T0.plus(Duration.ofDays(3650)), BigInteger.ONE);
    static final String MANIFEST = "/v1/device/update-manifest";
    static final String REPORT = "/v1/device/update-report";
    private static final UpdateManifestVerifier DEVICE_CHECK = new UpdateManifestVerifier(List.of(),
            new UpdateAuthority(ROOT.key().verificationKey(), UpdateAuthority.SERVICE_UPDATE_CA));

    private final Map<String, List<byte[]>> releases;
    private final SplittableRandom random = new SplittableRandom(17);
    private ScratchDirectory dir;
    private EventLoopGroup loops;
    private SecurityService service;
    private Tenant tenant;
    private String admin;
    private String reader;
    private Product product;

    /** Serving these OS releases (by name, each its system images). */
    LoopbackService(Map<String, List<byte[]>> releases) {
        this.releases = releases;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = new ScratchDirectory("loopback-service");
        byte[] manufacturing = ROOT.issueAuthority(SigningKey.generate(new SplittableRandom(2)), "Manufacturing CA",
                T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(3650)), BigInteger.TWO).certificateDer();
        loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        service = SecurityService.start(new SecurityService.Config(dir.path().resolve("service"), ROOT, manufacturing, releases,
                new InetSocketAddress("127.0.0.1", 0)), InstantSource.fixed(T0), new SplittableRandom(3), loops, loops);
        tenant = service.store().createTenant("Contoso");
        admin = service.store().issueToken(tenant.id(), Role.ADMINISTRATOR);
        reader = service.store().issueToken(tenant.id(), Role.READER);
        product = service.store().createProduct(tenant.id(), "Lamp", "", false);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            service.close();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        } finally {
            dir.close();
        }
    }

    ServiceStore store() {
        return service.store();
    }

    int port() {
        return service.port();
    }

    Tenant tenant() {
        return tenant;
    }

    /** The tenant's Administrator's token. */
    String admin() {
        return admin;
    }

    /** The tenant's Reader's token. */
    String reader() {
        return reader;
    }

    /** A client without a certificate of its own: the admin face's. */
    ServiceHttps anonymous() throws GeneralSecurityException {
        return ServiceHttps.anonymous(service.port(), ROOT);
    }

    /** The manifest {@code envelope} holds, checked as {@code device} checks it after acting on {@code lastVersion}. */
    UpdateManifest verify(byte[] envelope, String device, long lastVersion) throws UpdateManifestException {
        return DEVICE_CHECK.verify(envelope, new UpdateManifestVerifier.Expectations(device, lastVersion, null, T0)).manifest();
    }

    /** A group of the tenant's product. */
    DeviceGroup group(String name, OsFeed feed, UpdatePolicy policy) {
        return service.store().createDeviceGroup(tenant.id(), product.id(), name, "", feed, policy);
    }

    /** A new applications image of the tenant's, of {@code version}. */
    Image app(String version) {
        return TestApps.add(service.store(), tenant.id(), version, random);
    }

    /** A deployment of {@code images}, in this order, to group {@code g}. */
    Deployment deploy(DeviceGroup g, Image... images) {
        return service.store().createDeployment(tenant.id(), g.id(), Stream.of(images).map(Image::imageId).toList());
    }

    /** A device no tenant has claimed, with the certificate the service's device CA issues. */
    TestDevice unclaimed() {
        String id = DeviceIds.next(random);
        SigningKey key = SigningKey.generate(random);
        return new TestDevice(id, key, certificate(service.pki().deviceCa(), id, key), service.port());
    }

    /** A device the tenant claimed, in no group, with the certificate its tenant's CA issues. */
    TestDevice claimed() {
        TestDevice d = unclaimed();
        service.store().claimDevice(tenant.id(), d.id());
        return new TestDevice(d.id(), d.key(), certificate(service.tenantAuthorities().forTenant(tenant.id()), d.id(), d.key()),
                service.port());
    }

    /** A device the tenant claimed, in group {@code g}, with the certificate its tenant's CA issues. */
    TestDevice claimed(DeviceGroup g) {
        TestDevice d = claimed();
        service.store().moveDevice(tenant.id(), d.id(), g.id());
        return d;
    }

    private byte[] certificate(CertificateAuthority ca, String id, SigningKey key) {
        return ca.issue(key.verificationKey(), id, T0.minus(Duration.ofMinutes(5)), T0.plus(Duration.ofHours(24)),
                ServicePki.serial(random));
    }
}
