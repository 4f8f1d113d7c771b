package io.sphaera.service.store;

import java.time.Instant;
import java.util.UUID;

/** An image package a tenant has uploaded. */
public record Image(UUID tenantId, ImageRecord record, Instant added) {
    public UUID imageId() {
        return record.imageId();
    }
}
