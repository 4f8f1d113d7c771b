package io.sphaera.service.store;

import java.util.Arrays;
import java.util.Optional;

/** What an access token lets its holder do within its one tenant, with the platform's role names. */
public enum Role {
    /** Everything, tokens and roles included. */
    ADMINISTRATOR("Administrator"),
    /** Reads and writes everything except tokens and roles. */
    CONTRIBUTOR("Contributor"),
    /** Reads only. */
    READER("Reader");

    private final String platformName;

    Role(String platformName) {
        this.platformName = platformName;
    }

    public String platformName() {
        return platformName;
    }

    public boolean mayWrite() {
        return this != READER;
    }

    public boolean mayAdminister() {
        return this == ADMINISTRATOR;
    }

    /** Accepts the platform name or the constant's name, in any case. */
    public static Optional<Role> fromName(String name) {
        return Arrays.stream(values())
                .filter(r -> r.platformName.equalsIgnoreCase(name) || r.name().equalsIgnoreCase(name))
                .findFirst();
    }
}
