package io.sphaera.pluton.evidence;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * What a device asserts about itself when it attests, signed by its identity key: who it is, the verifier's nonce
 * (so the evidence is fresh), its measurement registers and the digest of the event log that explains them, its OS
 * version and the images it booted.
 */
public record AttestationEvidence(
        String deviceId,
        byte[] nonce,
        List<byte[]> measurements,
        byte[] eventLogDigest,
        String osVersion,
        List<ImageClaim> images) {

    public static final int MIN_NONCE = 8;
    public static final int MAX_NONCE = 64;

    public AttestationEvidence {
        nonce = nonce.clone();
        measurements = measurements.stream().map(byte[]::clone).toList();
        eventLogDigest = eventLogDigest.clone();
        images = List.copyOf(images);
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    @Override
    public byte[] eventLogDigest() {
        return eventLogDigest.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttestationEvidence e && deviceId.equals(e.deviceId) && Arrays.equals(nonce, e.nonce)
                && measurements.size() == e.measurements.size()
                && java.util.stream.IntStream.range(0, measurements.size()).allMatch(i -> Arrays.equals(measurements.get(i), e.measurements.get(i)))
                && Arrays.equals(eventLogDigest, e.eventLogDigest) && osVersion.equals(e.osVersion) && images.equals(e.images);
    }

    @Override
    public int hashCode() {
        return deviceId.hashCode() * 31 + Arrays.hashCode(eventLogDigest);
    }

    @Override
    public String toString() {
        return "AttestationEvidence[device " + deviceId.substring(0, 16) + "..., nonce " + HexFormat.of().formatHex(nonce)
                + ", OS " + osVersion + ", " + images.size() + " images]";
    }
}
