package io.sphaera.pluton.boot;

import io.sphaera.firmware.image.ImageMetadata;
import java.time.Duration;
import java.util.Optional;

/**
 * One attempt to boot one image.
 *
 * @param stage       the stage's name ("OS", or "app <name>")
 * @param slot        where the image lay ("A", "B", or an app slot)
 * @param verdict     booted, refused or empty
 * @param reason      why it was refused, or "" when it booted
 * @param image       the image's metadata when it could be read
 * @param digest      SHA-256 of its signed bytes when it was hashed (the measurement)
 * @param virtualCost the modelled time on the chip
 * @param wallNanos   the host time this emulator spent
 */
public record StageResult(String stage, String slot, Verdict verdict, String reason, Optional<ImageMetadata> image,
                          Optional<byte[]> digest, Duration virtualCost, long wallNanos) {
}
