package io.sphaera.service.store;

import java.time.Instant;

/** An update report as kept: the device its certificate proved, what it said, and when the service received it. */
public record ReceivedUpdateReport(String deviceId, UpdateReport report, Instant received) {}
