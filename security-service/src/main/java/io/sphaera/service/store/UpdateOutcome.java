package io.sphaera.service.store;

import java.util.Arrays;
import java.util.Optional;

/** How a device says it acted on an update manifest. */
public enum UpdateOutcome {
    /** It holds the manifest's images, and they run. */
    INSTALLED("Installed"),
    /** The new images did not run, and the ones before them are back. */
    ROLLED_BACK("RolledBack"),
    /** It could not get, verify or install them, and kept what it had. */
    FAILED("Failed");

    private final String platformName;

    UpdateOutcome(String platformName) {
        this.platformName = platformName;
    }

    public String platformName() {
        return platformName;
    }

    /** Exactly the name on the wire: a device's report is machine-written, so nothing else is guessed at. */
    public static Optional<UpdateOutcome> fromName(String name) {
        return Arrays.stream(values()).filter(o -> o.platformName.equals(name)).findFirst();
    }
}
