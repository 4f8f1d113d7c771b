package io.sphaera.emulator.update;

import java.util.Optional;
import java.util.UUID;

/**
 * How the device acted on a manifest, as it reports it to the service: "Installed" (it holds the manifest's apps),
 * "RolledBack" (they did not run and the old ones are back), "Failed" (it could not get or accept them).
 */
public record UpdateOutcome(long manifestVersion, Optional<UUID> deployment, String outcome, String detail) {
    public static final String INSTALLED = "Installed";
    public static final String ROLLED_BACK = "RolledBack";
    public static final String FAILED = "Failed";
}
