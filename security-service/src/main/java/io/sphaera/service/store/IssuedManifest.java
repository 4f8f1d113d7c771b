package io.sphaera.service.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The last update manifest the service issued to a device, as it keeps it: the envelope exactly as signed (so that an
 * unchanged manifest is served again byte for byte), its version, when it was issued and expires, the deployment it
 * names, and the SHA-256 of its content — deployment and images, not times — to tell whether it is still what the
 * device should run.
 *
 * @param contentSha256 lower-case hex
 */
public record IssuedManifest(String deviceId, long version, String contentSha256, Optional<UUID> deployment, byte[] envelope,
                             Instant issued, Instant expires) {
    /** The largest envelope a device reads (firmware-model's {@code UpdateManifestCodec.MAX_ENVELOPE_BYTES}). */
    public static final int MAX_ENVELOPE_BYTES = io.sphaera.firmware.update.UpdateManifestCodec.MAX_ENVELOPE_BYTES;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public IssuedManifest {
        deviceId = Device.canonicalId(deviceId);
        if (version < 1) {
            throw new InvalidInputException("version", "a manifest's version is 1 or more, not " + version);
        }
        if (contentSha256 == null || !SHA256_HEX.matcher(contentSha256).matches()) {
            throw new InvalidInputException("contentSha256", "a SHA-256 is 64 lower-case hex digits");
        }
        Objects.requireNonNull(deployment, "deployment");
        if (envelope == null || envelope.length == 0 || envelope.length > MAX_ENVELOPE_BYTES) {
            throw new InvalidInputException("envelope", "an envelope is 1 to " + MAX_ENVELOPE_BYTES + " bytes");
        }
        envelope = envelope.clone();
        if (!expires.isAfter(issued)) {
            throw new InvalidInputException("expires", "a manifest expires after it is issued");
        }
    }

    @Override
    public byte[] envelope() {
        return envelope.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IssuedManifest m && deviceId.equals(m.deviceId) && version == m.version
                && contentSha256.equals(m.contentSha256) && deployment.equals(m.deployment)
                && java.util.Arrays.equals(envelope, m.envelope) && issued.equals(m.issued) && expires.equals(m.expires);
    }

    @Override
    public int hashCode() {
        return deviceId.hashCode() * 31 + Long.hashCode(version);
    }

    @Override
    public String toString() {
        return "manifest " + version + " for " + deviceId.substring(0, 16) + "... (" + deployment.map(UUID::toString).orElse("no deployment")
                + ", issued " + issued + ", expires " + expires + ")";
    }
}
