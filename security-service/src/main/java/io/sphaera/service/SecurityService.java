package io.sphaera.service;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.CertifiedKey;
import io.sphaera.firmware.signing.KeyFormatException;
import io.sphaera.service.attestation.ChallengeBook;
import io.sphaera.service.attestation.DeviceAttestation;
import io.sphaera.service.attestation.DeviceAuthority;
import io.sphaera.service.attestation.FactoryCertificates;
import io.sphaera.service.attestation.KnownGoodReleases;
import io.sphaera.service.http.AdminFace;
import io.sphaera.service.http.DeviceClientTrust;
import io.sphaera.service.http.DeviceFace;
import io.sphaera.service.http.Route;
import io.sphaera.service.http.ServiceServer;
import io.sphaera.service.http.ServiceTls;
import io.sphaera.service.pki.DeviceCertificates;
import io.sphaera.service.pki.ServicePki;
import io.sphaera.service.pki.TenantAuthorities;
import io.sphaera.service.store.ServiceStore;
import io.sphaera.service.update.DeviceUpdates;
import io.sphaera.service.update.OsFeeds;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The security service wired together: its PKI under the vendor root, known-good releases, attestation, and the
 * HTTPS listener. A person starts it with `sphaera service start`; the emulator embeds the same thing in its own
 * process. Time, randomness and event loops come from the caller.
 */
public final class SecurityService implements AutoCloseable {
    /** What a service needs to know about the world it serves. */
    public record Config(Path dataDir, CertificateAuthority root, byte[] manufacturingCaDer, Map<String, List<byte[]>> releases,
                         InetSocketAddress address, io.sphaera.firmware.signing.SigningKey productionKey,
                         List<byte[]> prerequisites) {
        /** Without prerequisites (trusted key stores, certificate stores): every manifest's prerequisites phase is empty. */
        public Config(Path dataDir, CertificateAuthority root, byte[] manufacturingCaDer, Map<String, List<byte[]>> releases,
                      InetSocketAddress address, io.sphaera.firmware.signing.SigningKey productionKey) {
            this(dataDir, root, manufacturingCaDer, releases, address, productionKey, List.of());
        }

        /** Without a production key: the service attests and keeps tenants, but cannot add images. */
        public Config(Path dataDir, CertificateAuthority root, byte[] manufacturingCaDer, Map<String, List<byte[]>> releases,
                      InetSocketAddress address) {
            this(dataDir, root, manufacturingCaDer, releases, address, null);
        }
    }

    private final ServicePki pki;
    private final ServiceStore store;
    private final TenantAuthorities tenantAuthorities;
    private final DeviceUpdates updates;
    private final String operatorToken;
    private final ServiceServer server;

    private SecurityService(ServicePki pki, ServiceStore store, TenantAuthorities tenantAuthorities, DeviceUpdates updates,
                            String operatorToken, ServiceServer server) {
        this.pki = pki;
        this.store = store;
        this.tenantAuthorities = tenantAuthorities;
        this.updates = updates;
        this.operatorToken = operatorToken;
        this.server = server;
    }

    /** The token that may create tenants (kept in the data folder, readable by its owner only). */
    public String operatorToken() {
        return operatorToken;
    }

    /** With the store's commits made on the thread that asks for them (the event loops wait on the disk). */
    public static SecurityService start(Config config, InstantSource clock, RandomGenerator random, EventLoopGroup boss,
                                        EventLoopGroup workers) throws IOException, InterruptedException {
        return start(config, clock, random, boss, workers, Runnable::run, Duration.ZERO);
    }

    /** How long an attestation record waits on a scheduling committer for others to share its commit (and fsync). */
    public static final Duration ATTESTATION_COMMIT_GATHER = Duration.ofMillis(2);

    /**
     * @param storeCommits where the store commits the writes that may share commits (attestation records): a thread of
     *                     its own in a real service, so that the event loops never wait on the disk and writes that
     *                     arrive during one commit go together in the next; the virtual-time executor in a simulation
     * @param gather       how long the first record of a commit waits for others (zero: none; more needs a
     *                     ScheduledExecutorService), see {@link #ATTESTATION_COMMIT_GATHER}
     */
    public static SecurityService start(Config config, InstantSource clock, RandomGenerator random, EventLoopGroup boss,
                                        EventLoopGroup workers, java.util.concurrent.Executor storeCommits, Duration gather)
            throws IOException, InterruptedException {
        ServicePki pki = ServicePki.open(config.dataDir().resolve("pki"), config.root(), clock, random);
        KnownGoodReleases releases = new KnownGoodReleases();
        ServiceStore store = ServiceStore.open(io.sphaera.service.pki.OwnerOnlyFiles.directory(config.dataDir().resolve("store")), clock, random, storeCommits, gather);
        try {
            for (Map.Entry<String, List<byte[]>> r : config.releases().entrySet()) {
                releases.add(r.getKey(), r.getValue());
            }
            FactoryCertificates factory = new FactoryCertificates(config.manufacturingCaDer(), clock);
            ChallengeBook challenges = new ChallengeBook(clock, random);
            TenantAuthorities tenants = new TenantAuthorities(store, config.root(), clock, random);
            DeviceAuthority authority = new DeviceAuthority(challenges, new DeviceAttestation(factory, challenges, releases),
                    new DeviceCertificates(pki, clock, random), pki.deviceCa(), tenants::forDevice,
                    (deviceId, os, serial) -> store.recordAttestation(deviceId, os, serial.toString(16)));
            String operatorToken = OperatorToken.load(config.dataDir(), random);
            DeviceUpdates updates = new DeviceUpdates(store, new CertifiedKey(pki.updateCa().key(), pki.updateCa().certificateDer()),
                    clock, OsFeeds.of(config.releases()), io.sphaera.service.update.Prerequisites.of(config.prerequisites()));
            Map<String, Route> routes = new HashMap<>(DeviceFace.routes(authority, store, updates));
            routes.putAll(AdminFace.routes(store, tenants, operatorToken, config.productionKey(), updates));
            DeviceClientTrust devices = new DeviceClientTrust(id -> tenants.forDevice(id).orElse(pki.deviceCa()), clock);
            SslContext tls = ServiceTls.server(pki.tls(), pki.root(), devices);
            return new SecurityService(pki, store, tenants, updates, operatorToken,
                    ServiceServer.start(config.address(), tls, routes, devices, boss, workers, ServiceServer.REQUEST_DEADLINE));
        } catch (ImagePackageFormatException | KeyFormatException e) {
            store.close();
            throw new IOException("the service's configuration is invalid: " + e.getMessage(), e);
        } catch (IOException | InterruptedException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public ServicePki pki() {
        return pki;
    }

    /** The service's data, for an embedding process (and its tests) that manage tenants directly. */
    public ServiceStore store() {
        return store;
    }

    public TenantAuthorities tenantAuthorities() {
        return tenantAuthorities;
    }

    /** The devices' update manifests and reports, for an embedding process (and its tests). */
    public DeviceUpdates updates() {
        return updates;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            store.close();
        }
    }
}
