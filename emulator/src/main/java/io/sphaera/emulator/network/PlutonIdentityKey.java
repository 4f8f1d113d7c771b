package io.sphaera.emulator.network;

import io.sphaera.pluton.Pluton;
import java.security.PrivateKey;

/**
 * A handle on a device's identity key for TLS: it names the key without holding it (no encoding), and signatures
 * made "with" it are made by Pluton (see {@link PlutonSignatures}).
 */
public final class PlutonIdentityKey implements PrivateKey {
    private final transient Pluton pluton;

    public PlutonIdentityKey(Pluton pluton) {
        this.pluton = pluton;
    }

    Pluton pluton() {
        return pluton;
    }

    @Override
    public String getAlgorithm() {
        return "EC";
    }

    @Override
    public String getFormat() {
        return null;
    }

    @Override
    public byte[] getEncoded() {
        return null;
    }
}
