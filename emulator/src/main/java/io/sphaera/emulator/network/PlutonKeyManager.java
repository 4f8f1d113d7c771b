package io.sphaera.emulator.network;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The device's one client identity for the JDK's TLS: its certificate chain and the handle on the key Pluton keeps.
 * A KeyStore, which the usual path builds, refuses a key without an encoding; this hands the handle over as it is,
 * and the handshake's signature then goes through {@link PlutonSignatures}.
 */
final class PlutonKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "device";

    private final PlutonIdentityKey key;
    private final X509Certificate[] chain;

    PlutonKeyManager(PlutonIdentityKey key, X509Certificate[] chain) {
        this.key = key;
        this.chain = chain.clone();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return "EC".equals(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return chooseEngineClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        for (String type : keyTypes) {
            if ("EC".equals(type)) {
                return ALIAS;
            }
        }
        return null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null; // a device is never the server
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }
}
