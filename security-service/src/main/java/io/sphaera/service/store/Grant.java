package io.sphaera.service.store;

import java.util.UUID;

/** What an authenticated access token allows: one role within one tenant. */
public record Grant(UUID tenantId, Role role) {}
