package io.sphaera.pluton.boot;

import java.util.HexFormat;
import java.util.UUID;

/** One entry of the measured-boot event log: which register was extended with which image's digest. */
public record MeasurementEvent(int register, String stage, int kindCode, UUID componentId, UUID imageId,
                               String version, long securityVersion, byte[] digest) {
    public MeasurementEvent {
        digest = digest.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public String toString() {
        return "M" + register + " " + stage + " " + componentId + " " + version + " " + HexFormat.of().formatHex(digest);
    }
}
