package io.sphaera.service.store;

import java.time.Instant;
import java.util.UUID;

/** A kind of device a tenant makes; its device groups say which software its devices run. */
public record Product(UUID id, UUID tenantId, String name, String description, Instant created) {}
