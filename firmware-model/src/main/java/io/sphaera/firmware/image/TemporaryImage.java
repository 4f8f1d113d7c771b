package io.sphaera.firmware.image;

import java.util.Arrays;
import java.util.Optional;

/** The temporary-image flag: a sideloaded image may be removed at the next boot or marked under development. */
public enum TemporaryImage {
    NONE(0, "None"),
    REMOVE_AT_BOOT(1, "RemoveAtBoot"),
    UNDER_DEVELOPMENT(2, "UnderDevelopment");

    private final int code;
    private final String platformName;

    TemporaryImage(int code, String platformName) {
        this.code = code;
        this.platformName = platformName;
    }

    public int code() {
        return code;
    }

    public String platformName() {
        return platformName;
    }

    public static Optional<TemporaryImage> fromCode(long code) {
        return Arrays.stream(values()).filter(t -> t.code == code).findFirst();
    }

    public static Optional<TemporaryImage> fromName(String name) {
        return Arrays.stream(values())
                .filter(t -> t.platformName.equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name))
                .findFirst();
    }
}
