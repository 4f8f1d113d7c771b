package io.sphaera.firmware.signing;

/** A key and the end-entity certificate issued for it (a TLS server's, say). */
public record CertifiedKey(SigningKey key, byte[] certificateDer) {
    public CertifiedKey {
        certificateDer = certificateDer.clone();
    }

    @Override
    public byte[] certificateDer() {
        return certificateDer.clone();
    }
}
