package io.sphaera.service.pki;

import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.KeyFormatException;
import io.sphaera.firmware.signing.PemKeys;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.service.store.ServiceStore;
import io.sphaera.service.store.Tenant;
import io.sphaera.service.store.TenantCa;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * One CA per tenant, under the root, that issues the device certificates of the tenant's claimed devices. Made the
 * first time a tenant needs it and kept in the store; decoded once per process and then reused.
 */
public final class TenantAuthorities {
    private final ServiceStore store;
    private final CertificateAuthority root;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final Map<UUID, CertificateAuthority> decoded = new ConcurrentHashMap<>();

    public TenantAuthorities(ServiceStore store, CertificateAuthority root, InstantSource clock, RandomGenerator random) {
        this.store = store;
        this.root = root;
        this.clock = clock;
        this.random = random;
    }

    public CertificateAuthority root() {
        return root;
    }

    /** The CA of the tenant that claimed the device, or empty for an unclaimed device. */
    public Optional<CertificateAuthority> forDevice(String deviceId) {
        return store.deviceOwner(deviceId).map(this::forTenant);
    }

    public CertificateAuthority forTenant(UUID tenantId) {
        return decoded.computeIfAbsent(tenantId, this::load);
    }

    private synchronized CertificateAuthority load(UUID tenantId) {
        Optional<TenantCa> kept = store.tenantCa(tenantId);
        if (kept.isPresent()) {
            try {
                return new CertificateAuthority(PemKeys.decodePrivate(kept.get().keyPem()), kept.get().certificateDer());
            } catch (KeyFormatException e) {
                throw new IllegalStateException("tenant " + tenantId + "'s CA key in the store is damaged", e);
            }
        }
        String name = store.tenant(tenantId).map(Tenant::name).orElse(tenantId.toString());
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        CertificateAuthority ca = root.issueAuthority(SigningKey.generate(random), "Sphaera Tenant CA " + name,
                now.minus(Duration.ofHours(1)), now.plus(ServicePki.CA_LIFETIME), ServicePki.serial(random));
        store.putTenantCa(tenantId, PemKeys.encodePrivate(ca.key()), ca.certificateDer());
        return ca;
    }
}
