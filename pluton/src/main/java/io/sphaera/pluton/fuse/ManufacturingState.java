package io.sphaera.pluton.fuse;

/** The device's manufacturing state, kept in e-fuses, so it only moves forward. */
public enum ManufacturingState {
    BLANK("Blank"),
    MODULE1_COMPLETE("Module1Complete"),
    DEVICE_COMPLETE("DeviceComplete");

    private final String platformName;

    ManufacturingState(String platformName) {
        this.platformName = platformName;
    }

    public String platformName() {
        return platformName;
    }

    public static java.util.Optional<ManufacturingState> fromName(String name) {
        return java.util.Arrays.stream(values())
                .filter(s -> s.platformName.equalsIgnoreCase(name) || s.name().equalsIgnoreCase(name)).findFirst();
    }
}
