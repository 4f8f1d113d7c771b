package io.sphaera.service.attestation;

import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.service.pki.DeviceCertificates;
import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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

    /** Where successful attestations are recorded (the store in a running service); done when the record is durable. */
    public interface AttestationLog {
        CompletionStage<?> attested(String deviceId, String osVersion, BigInteger certificateSerial);
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

    /**
     * Checks the attestation and issues the certificates on the caller's thread, and shapes the answer there too
     * ({@code answer}); the returned future gives that answer once the attestation is logged durably.
     *
     * @throws AttestationException at once, for an attestation that does not hold
     */
    public <T> CompletableFuture<T> attest(String deviceId, byte[] factoryCertificate, byte[] evidence,
                                           Function<DeviceCertificates.Issued, T> answer) throws AttestationException {
        DeviceAttestation.Attested attested = attestation.attest(deviceId, factoryCertificate, evidence);
        CertificateAuthority issuer = tenantIssuer.apply(deviceId).orElse(unclaimedIssuer);
        DeviceCertificates.Issued issued = certificates.issue(deviceId, attested.identityKey(), issuer);
        T reply = answer.apply(issued);
        return log.attested(deviceId, attested.evidence().osVersion(), issued.deviceCertificateSerial())
                .toCompletableFuture().thenApply(recorded -> reply);
    }
}
