package io.sphaera.service.store;

import java.util.Arrays;
import java.util.Optional;

/** Which OS releases a device group receives; RetailEval gets each OS two weeks before Retail. */
public enum OsFeed {
    RETAIL(0, "Retail"),
    RETAIL_EVAL(1, "RetailEval");

    private final int code;
    private final String platformName;

    OsFeed(int code, String platformName) {
        this.code = code;
        this.platformName = platformName;
    }

    /** The number the platform's API uses (OsFeedType). */
    public int code() {
        return code;
    }

    public String platformName() {
        return platformName;
    }

    /** Accepts the platform name or the constant's name, in any case. */
    public static Optional<OsFeed> fromName(String name) {
        return Arrays.stream(values())
                .filter(f -> f.platformName.equalsIgnoreCase(name) || f.name().equalsIgnoreCase(name))
                .findFirst();
    }
}
