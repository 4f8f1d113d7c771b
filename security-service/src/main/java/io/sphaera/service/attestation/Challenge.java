package io.sphaera.service.attestation;

import java.time.Instant;

/** A single-use nonce handed to one device, valid until {@code expiresAt}. */
public record Challenge(String deviceId, byte[] nonce, Instant expiresAt) {
    public Challenge {
        nonce = nonce.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }
}
