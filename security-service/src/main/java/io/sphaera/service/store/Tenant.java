package io.sphaera.service.store;

import java.time.Instant;
import java.util.UUID;

/** A customer's space: every product, device, image and deployment belongs to exactly one tenant. */
public record Tenant(UUID id, String name, Instant created) {}
