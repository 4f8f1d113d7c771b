package io.sphaera.service.attestation;

import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.service.pki.DeviceCertificates;
import java.util.Optional;
import java.util.function.Function;

/**
 * The device face's logic, apart from any transport: hand out challenges, and turn good attestations into
 * certificates, issued by the device's tenant CA when a tenant has claimed it and by the service's device CA otherwise.
 */
public final class DeviceAuthority {
    private final ChallengeBook challenges;
    private final DeviceAttestation attestation;
    private final DeviceCertificates certificates;
    private final CertificateAuthority unclaimedIssuer;
    private final Function<String, Optional<CertificateAuthority>> tenantIssuer;
    private final AttestationLog log;

    /** Where successful attestations are recorded (the store in a running service). */
    public interface AttestationLog {
        void attested(String deviceId, String osVersion, byte[] certificate);
    }

    public DeviceAuthority(ChallengeBook challenges, DeviceAttestation attestation, DeviceCertificates certificates,
                           CertificateAuthority unclaimedIssuer, Function<String, Optional<CertificateAuthority>> tenantIssuer,
                           AttestationLog log) {
        this.challenges = challenges;
        this.attestation = attestation;
        this.certificates = certificates;
        this.unclaimedIssuer = unclaimedIssuer;
        this.tenantIssuer = tenantIssuer;
        this.log = log;
    }

    public Challenge challenge(String deviceId) throws AttestationException {
        DeviceAttestation.checkDeviceId(deviceId);
        return challenges.issue(deviceId);
    }

    public DeviceCertificates.Issued attest(String deviceId, byte[] factoryCertificate, byte[] evidence) throws AttestationException {
        DeviceAttestation.Attested attested = attestation.attest(deviceId, factoryCertificate, evidence);
        CertificateAuthority issuer = tenantIssuer.apply(deviceId).orElse(unclaimedIssuer);
        DeviceCertificates.Issued issued = certificates.issue(deviceId, attested.identityKey(), issuer);
        log.attested(deviceId, attested.evidence().osVersion(), issued.deviceCertificate());
        return issued;
    }
}
