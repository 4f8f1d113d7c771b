package io.sphaera.firmware.signing;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;
import org.bouncycastle.util.BigIntegers;

/**
 * A P-256 ECDSA signature moved between its two forms: raw r||s (image packages and Pluton sign in it) and the DER
 * SEQUENCE of two INTEGERs that X.509 and TLS carry.
 */
public final class DerSignature {
    private static final int RAW_LENGTH = 2 * P256.FIELD_BYTES;

    private DerSignature() {
    }

    public static byte[] fromRaw(byte[] raw) {
        if (raw.length != RAW_LENGTH) {
            throw new IllegalArgumentException("a raw P-256 signature is " + RAW_LENGTH + " bytes, not " + raw.length);
        }
        try {
            return StandardDSAEncoding.INSTANCE.encode(P256.DOMAIN.getN(),
                    new BigInteger(1, Arrays.copyOf(raw, P256.FIELD_BYTES)),
                    new BigInteger(1, Arrays.copyOfRange(raw, P256.FIELD_BYTES, RAW_LENGTH)));
        } catch (IOException e) {
            throw new IllegalArgumentException("the raw signature's r or s is out of range for P-256", e);
        }
    }

    /** @throws IllegalArgumentException when the bytes are not one strict DER signature with r and s in range */
    public static byte[] toRaw(byte[] der) {
        BigInteger[] rs;
        try {
            rs = StandardDSAEncoding.INSTANCE.decode(P256.DOMAIN.getN(), der);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a DER ECDSA P-256 signature: " + e.getMessage(), e);
        }
        byte[] raw = new byte[RAW_LENGTH];
        BigIntegers.asUnsignedByteArray(rs[0], raw, 0, P256.FIELD_BYTES);
        BigIntegers.asUnsignedByteArray(rs[1], raw, P256.FIELD_BYTES, P256.FIELD_BYTES);
        return raw;
    }
}
