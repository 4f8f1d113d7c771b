package io.sphaera.service.store;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A device claimed by a tenant (a claim is for good). It is in no device group until it is moved into one.
 *
 * @param deviceId 128 lower-case hex digits (the device's public identity key)
 */
public record Device(String deviceId, UUID tenantId, Optional<UUID> deviceGroupId, Instant claimedAt) {
    public static final int ID_LENGTH = 128;
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{" + ID_LENGTH + "}");

    /**
     * The device ID as the store keeps it: lower-case. Upper case is accepted because people paste IDs.
     *
     * @throws InvalidInputException if it is not 128 hex digits
     */
    public static String canonicalId(String deviceId) {
        String lower = deviceId == null ? "" : deviceId.strip().toLowerCase(Locale.ROOT);
        if (!HEX.matcher(lower).matches()) {
            throw new InvalidInputException("deviceId", "a device ID is " + ID_LENGTH + " hex digits");
        }
        return lower;
    }
}
