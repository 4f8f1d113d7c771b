package io.sphaera.emulator.network;

import io.sphaera.firmware.signing.DerSignature;
import io.sphaera.pluton.PlutonException;
import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.SignatureException;
import java.security.SignatureSpi;

/**
 * A JCA provider with one service, SHA256withECDSA for {@link PlutonIdentityKey}s only, whose signatures Pluton
 * makes. TLS stacks look signatures up by algorithm and offer each provider the key; every other key is refused
 * here and signed by the usual providers. Registered once per process, at the network wiring.
 */
public final class PlutonSignatures extends Provider {
    private PlutonSignatures() {
        super("SphaeraPluton", "1", "Signatures made by a device's Pluton with its identity key");
        put("Signature.SHA256withECDSA", Spi.class.getName());
        put("Signature.SHA256withECDSA SupportedKeyClasses", PlutonIdentityKey.class.getName());
    }

    /** Makes the provider known to the JCA (idempotent). */
    public static synchronized void register() {
        if (Security.getProvider("SphaeraPluton") == null) {
            Security.addProvider(new PlutonSignatures());
        }
    }

    /** The signature engine: buffers the content, then asks Pluton to sign it, and encodes r and s as DER. */
    public static final class Spi extends SignatureSpi {
        private PlutonIdentityKey key;
        private final ByteArrayOutputStream content = new ByteArrayOutputStream();

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            if (!(privateKey instanceof PlutonIdentityKey k)) {
                throw new InvalidKeyException("only a Pluton identity key signs here");
            }
            key = k;
            content.reset();
        }

        @Override
        protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
            throw new InvalidKeyException("this provider only signs");
        }

        @Override
        protected void engineUpdate(byte b) {
            content.write(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) {
            content.write(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            try {
                byte[] raw = key.pluton().signWithIdentity(content.toByteArray());
                content.reset();
                return DerSignature.fromRaw(raw);
            } catch (PlutonException e) {
                throw new SignatureException("Pluton could not sign: " + e.getMessage(), e);
            }
        }

        @Override
        protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
            throw new SignatureException("this provider only signs");
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new UnsupportedOperationException("no parameters");
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new UnsupportedOperationException("no parameters");
        }
    }
}
