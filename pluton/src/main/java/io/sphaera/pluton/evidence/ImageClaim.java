package io.sphaera.pluton.evidence;

import java.util.UUID;

/**
 * One image the device booted, as its evidence states it.
 *
 * @param kindCode        the image type number (firmware-model's ImageKind code)
 * @param componentId     the component
 * @param imageId         the exact build
 * @param version         its release version text
 * @param securityVersion its anti-rollback version
 */
public record ImageClaim(int kindCode, UUID componentId, UUID imageId, String version, long securityVersion) {
}
