package io.sphaera.service.store;

import java.util.Arrays;
import java.util.Optional;

/** Which cloud updates a device group's devices take. */
public enum UpdatePolicy {
    UPDATE_ALL(0, "UpdateAll"),
    /** OS updates only: "no cloud app updates", the Development group's policy. */
    NO_3RD_PARTY_APP_UPDATES(1, "No3rdPartyAppUpdates"),
    NO_UPDATES(2, "NoUpdates");

    private final int code;
    private final String platformName;

    UpdatePolicy(int code, String platformName) {
        this.code = code;
        this.platformName = platformName;
    }

    /** The number the platform's API uses. */
    public int code() {
        return code;
    }

    public String platformName() {
        return platformName;
    }

    /** Accepts the platform name or the constant's name, in any case. */
    public static Optional<UpdatePolicy> fromName(String name) {
        return Arrays.stream(values())
                .filter(p -> p.platformName.equalsIgnoreCase(name) || p.name().equalsIgnoreCase(name))
                .findFirst();
    }
}
