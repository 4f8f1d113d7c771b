package io.sphaera.service.store;

import java.util.Arrays;
import java.util.Optional;

/** Whether a reported event was meant to happen (an app exit, an update's reboot) or not (a crash). */
public enum ErrorEventType {
    PLANNED("Planned"),
    UNPLANNED("Unplanned");

    private final String platformName;

    ErrorEventType(String platformName) {
        this.platformName = platformName;
    }

    public String platformName() {
        return platformName;
    }

    public static Optional<ErrorEventType> fromName(String name) {
        return Arrays.stream(values())
                .filter(t -> t.platformName.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name))
                .findFirst();
    }
}
