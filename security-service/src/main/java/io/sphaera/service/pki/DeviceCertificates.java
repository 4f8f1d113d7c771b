package io.sphaera.service.pki;

import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.VerificationKey;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.random.RandomGenerator;

/**
 * The short-lived certificates attestation earns: a device certificate (subject CN = device ID, about 24 h, for apps
 * and mutual TLS) and an update certificate (for the update service), both on the device's identity key.
 */
public final class DeviceCertificates {
    public static final Duration LIFETIME = Duration.ofHours(24);

    /**
     * What a device is given: the two certificates, the chain of the first, and when they expire; and the device
     * certificate's serial, which the attestation log keeps (so nobody parses the certificate back to find it).
     */
    public record Issued(byte[] deviceCertificate, byte[] issuerCertificate, byte[] updateCertificate, Instant notAfter,
                         BigInteger deviceCertificateSerial) {
    }

    private final ServicePki pki;
    private final InstantSource clock;
    private final RandomGenerator random;

    public DeviceCertificates(ServicePki pki, InstantSource clock, RandomGenerator random) {
        this.pki = pki;
        this.clock = clock;
        this.random = random;
    }

    /** Issues from {@code issuer}: the device's tenant CA when it is claimed, else the service's device CA. */
    public Issued issue(String deviceId, VerificationKey identityKey, CertificateAuthority issuer) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        // A few minutes' grace before now absorbs clock skew between device and service.
        Instant from = now.minus(Duration.ofMinutes(5));
        Instant until = now.plus(LIFETIME);
        BigInteger serial = ServicePki.serial(random);
        byte[] device = issuer.issue(identityKey, deviceId, from, until, serial);
        byte[] update = pki.updateCa().issue(identityKey, deviceId, from, until, ServicePki.serial(random));
        return new Issued(device, issuer.certificateDer(), update, until, serial);
    }
}
