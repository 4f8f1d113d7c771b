package io.sphaera.emulator.network;

import java.time.Instant;
import java.util.List;

/**
 * What a device holds after attesting: its device certificate (for apps, as DeviceAuth_GetCertificatePath gives
 * it, and for mutual TLS), the issuer chain, the update certificate, and when they expire.
 */
public record DeviceCertificate(String certificatePem, List<String> chainPem, String updateCertificatePem, Instant notAfter) {
    public DeviceCertificate {
        chainPem = List.copyOf(chainPem);
    }
}
