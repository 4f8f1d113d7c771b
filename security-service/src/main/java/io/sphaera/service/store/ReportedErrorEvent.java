package io.sphaera.service.store;

import java.time.Instant;
import java.util.UUID;

/** An error event as kept for its device's tenant: one row of the tenant's error report. */
public record ReportedErrorEvent(UUID tenantId, String deviceId, ErrorEvent event, Instant reportedAt) {}
