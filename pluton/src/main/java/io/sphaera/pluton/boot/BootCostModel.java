package io.sphaera.pluton.boot;

import java.time.Duration;

/**
 * The modelled time each boot step costs on the chip, so that boot reports virtual time as a device would spend
 * it, whatever the host. Defaults are assumptions, not measurements of an MT3620: SHA-256 at 50 MB/s in Pluton's
 * crypto engine, 4 ms per ECDSA P-256 verify and 1 ms of fixed work per stage.
 */
public record BootCostModel(long hashBytesPerSecond, Duration signatureCheck, Duration perStage) {
    public static final BootCostModel DEFAULT = new BootCostModel(50_000_000L, Duration.ofMillis(4), Duration.ofMillis(1));

    public Duration of(long hashedBytes, boolean checkedSignature) {
        Duration hash = Duration.ofNanos(hashedBytes * 1_000_000_000L / hashBytesPerSecond);
        return perStage.plus(hash).plus(checkedSignature ? signatureCheck : Duration.ZERO);
    }
}
