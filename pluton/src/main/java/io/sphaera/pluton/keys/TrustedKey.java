package io.sphaera.pluton.keys;

import io.sphaera.firmware.signing.VerificationKey;

/** A key in the trusted key store, with the role that bounds what it may sign. */
public record TrustedKey(KeyRole role, VerificationKey key) {
}
