package io.sphaera.service.store;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of a device's deployment history: from the manifest of this version on (issued at {@code targeted}), the
 * device was to hold this deployment, after another one or none.
 */
public record DeploymentTargeting(String deviceId, UUID deploymentId, long manifestVersion, Instant targeted) {}
