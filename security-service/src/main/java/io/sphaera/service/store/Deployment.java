package io.sphaera.service.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The images a device group's devices should hold, in order. Immutable once made; a group's newest deployment is
 * its current one, and the older ones are its history.
 */
public record Deployment(UUID id, UUID tenantId, UUID deviceGroupId, List<UUID> imageIds, Instant created) {
    public Deployment {
        imageIds = List.copyOf(imageIds);
    }
}
