package io.sphaera.service.store;

import java.time.Instant;

/**
 * One successful attestation of a device.
 *
 * @param certificateSerialHex the serial number of the device certificate it was given, lower-case hex
 */
public record Attestation(String deviceId, String osVersion, String certificateSerialHex, Instant attestedAt) {}
