package io.sphaera.service.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * A tenant's certificate authority, which signs its devices' certificates. The service makes it; the store only
 * keeps it.
 *
 * @param keyPem         the CA's private key, PEM; never part of {@link #toString()}, so it cannot reach a log
 * @param certificateDer the CA's certificate, DER
 */
public record TenantCa(UUID tenantId, String keyPem, byte[] certificateDer, Instant created) {
    public TenantCa {
        Objects.requireNonNull(keyPem, "keyPem");
        certificateDer = certificateDer.clone();
    }

    @Override
    public byte[] certificateDer() {
        return certificateDer.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TenantCa other
                && tenantId.equals(other.tenantId)
                && keyPem.equals(other.keyPem)
                && Arrays.equals(certificateDer, other.certificateDer)
                && created.equals(other.created);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenantId, created) * 31 + Arrays.hashCode(certificateDer);
    }

    @Override
    public String toString() {
        return "TenantCa[tenant " + tenantId + ", certificate " + certificateDer.length + " bytes, created " + created
                + "]";
    }
}
