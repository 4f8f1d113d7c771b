package io.sphaera.firmware.signing;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;

/** The NIST P-256 curve, in BouncyCastle's fast custom-curve form; every key and signature here is on it. */
final class P256 {
    static final String NAME = "P-256";
    static final X9ECParameters X9 = CustomNamedCurves.getByName("secp256r1");
    /** Named, so that encoded keys carry the curve's OID rather than its explicit parameters. */
    static final ECNamedDomainParameters DOMAIN = new ECNamedDomainParameters(X9ObjectIdentifiers.prime256v1, X9);
    /** Bytes in one coordinate, one scalar, and half a raw signature. */
    static final int FIELD_BYTES = 32;

    private P256() {
    }
}
