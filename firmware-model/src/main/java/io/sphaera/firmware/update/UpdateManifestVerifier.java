package io.sphaera.firmware.update;

import io.sphaera.firmware.signing.Sha256;
import io.sphaera.firmware.signing.VerificationKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * What a device checks before it acts on an update manifest, each check against an attack the update-framework
 * literature names: a signature by a key it trusts for updates (arbitrary software), its own device ID (mix-and-match,
 * wrong software), a version no lower than the last it acted on and, at that version, the same content (rollback), not
 * expired by its clock (indefinite freeze), not issued in its future beyond the clock skew it allows, and image
 * lengths within bounds (endless data; the downloads are cut at those lengths and checked against the hashes).
 */
public final class UpdateManifestVerifier {
    /** How far a manifest's issue time may lie ahead of the device's clock. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** What the device knows: who it is, the manifest it last acted on (version 0: none) and the time. */
    public record Expectations(String deviceId, long lastVersion, byte[] lastPayloadSha256, Instant now) {
    }

    /** A manifest that passed every check, with the SHA-256 of its payload (to remember as the last acted on). */
    public record Verified(UpdateManifest manifest, byte[] payloadSha256) {
    }

    private final List<VerificationKey> trusted;
    private final UpdateAuthority authority;

    /** A verifier that trusts exactly these keys. */
    public UpdateManifestVerifier(Collection<VerificationKey> trustedUpdateKeys) {
        this(trustedUpdateKeys, null);
    }

    /**
     * A verifier that trusts a key the envelope's certificate gives, when {@code authority} accepts that certificate
     * (the device's root of trust certified it for updates), besides {@code trustedUpdateKeys}.
     */
    public UpdateManifestVerifier(Collection<VerificationKey> trustedUpdateKeys, UpdateAuthority authority) {
        this.trusted = List.copyOf(trustedUpdateKeys);
        this.authority = authority;
    }

    public Verified verify(byte[] envelopeBytes, Expectations expected) throws UpdateManifestException {
        UpdateManifestCodec.Envelope envelope = UpdateManifestCodec.envelope(envelopeBytes);
        byte[] digest = Sha256.of(envelope.payload());
        List<VerificationKey> keys = new java.util.ArrayList<>(trusted);
        if (authority != null && envelope.certificate().isPresent()) {
            keys.add(authority.certifiedKey(envelope.certificate().get(), expected.now()));
        }
        boolean signed = false;
        for (UpdateManifestCodec.Signature s : envelope.signatures()) {
            for (VerificationKey key : keys) {
                if (key.id().equals(s.keyId()) && key.verifyDigest(digest, s.value())) {
                    signed = true;
                }
            }
        }
        if (!signed) {
            throw new UpdateManifestException("update manifest: not signed by a key this device trusts for updates");
        }
        UpdateManifest m = UpdateManifestCodec.manifest(envelope.payload());
        if (!m.deviceId().equals(expected.deviceId())) {
            throw new UpdateManifestException("update manifest: for device " + m.deviceId().substring(0, 16)
                    + "..., not this one");
        }
        if (m.version() < expected.lastVersion()) {
            throw new UpdateManifestException("update manifest: version " + m.version() + " is older than version "
                    + expected.lastVersion() + ", which this device has acted on (a rollback)");
        }
        if (m.version() == expected.lastVersion() && expected.lastPayloadSha256() != null
                && !Arrays.equals(digest, expected.lastPayloadSha256())) {
            throw new UpdateManifestException("update manifest: version " + m.version()
                    + " again, with other content than the one this device acted on");
        }
        if (!expected.now().isBefore(m.expires())) {
            throw new UpdateManifestException("update manifest: expired at " + m.expires() + " (now " + expected.now() + ")");
        }
        if (m.issued().isAfter(expected.now().plus(CLOCK_SKEW))) {
            throw new UpdateManifestException("update manifest: issued at " + m.issued() + ", in this device's future");
        }
        return new Verified(m, digest);
    }
}
