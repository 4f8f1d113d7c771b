package io.sphaera.firmware.manifest;

/** Where an app runs: the A7 (a high-level app) or an M4 real-time core. */
public enum ApplicationType {
    DEFAULT("Default"),
    REAL_TIME_CAPABLE("RealTimeCapable");

    private final String manifestName;

    ApplicationType(String manifestName) {
        this.manifestName = manifestName;
    }

    public String manifestName() {
        return manifestName;
    }
}
