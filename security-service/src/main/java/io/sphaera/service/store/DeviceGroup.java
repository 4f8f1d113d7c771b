package io.sphaera.service.store;

import java.time.Instant;
import java.util.UUID;

/** Devices of one product that receive the same OS feed, update policy and deployments. */
public record DeviceGroup(
        UUID id,
        UUID tenantId,
        UUID productId,
        String name,
        String description,
        OsFeed osFeed,
        UpdatePolicy updatePolicy,
        Instant created) {}
