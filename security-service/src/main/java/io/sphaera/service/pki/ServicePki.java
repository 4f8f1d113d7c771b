package io.sphaera.service.pki;

import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.CertifiedKey;
import io.sphaera.firmware.signing.KeyFormatException;
import io.sphaera.firmware.signing.PemKeys;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.firmware.update.UpdateAuthority;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The service's certificate authorities under the vendor root: the device CA that issues the daily device
 * certificates of unclaimed devices (tenant CAs, one per tenant, issue those of claimed ones), the update CA, and the
 * key and certificate the service presents in TLS (for localhost, 127.0.0.1 and ::1). Made on first start in the data folder and kept there.
 * The private keys, and the folder that holds them, are their owner's only (as DATA/operator.token is): whoever reads
 * a CA key can issue device certificates.
 */
public final class ServicePki {
    static final Duration CA_LIFETIME = Duration.ofDays(365L * 10);

    private final CertificateAuthority root;
    private final CertificateAuthority deviceCa;
    private final CertificateAuthority updateCa;
    private final CertifiedKey tls;

    private ServicePki(CertificateAuthority root, CertificateAuthority deviceCa, CertificateAuthority updateCa, CertifiedKey tls) {
        this.root = root;
        this.deviceCa = deviceCa;
        this.updateCa = updateCa;
        this.tls = tls;
    }

    public static ServicePki open(Path dir, CertificateAuthority root, InstantSource clock, RandomGenerator random) throws IOException {
        OwnerOnlyFiles.directory(dir);
        return new ServicePki(root,
                authority(dir, "device-ca", "Sphaera Device CA", root, clock, random),
                authority(dir, "update-ca", UpdateAuthority.SERVICE_UPDATE_CA, root, clock, random),
                tlsKey(dir, root, clock, random));
    }

    /** The TLS server key and certificate, for the names a client on this machine uses. */
    private static CertifiedKey tlsKey(Path dir, CertificateAuthority root, InstantSource clock, RandomGenerator random) throws IOException {
        Path key = dir.resolve("service-tls.key.pem");
        Path cert = dir.resolve("service-tls.cert.der");
        if (Files.exists(key) && Files.exists(cert)) {
            OwnerOnlyFiles.tighten(key);
            try {
                return new CertifiedKey(PemKeys.decodePrivate(Files.readString(key)), Files.readAllBytes(cert));
            } catch (KeyFormatException e) {
                throw new IOException(key + " is damaged: " + e.getMessage(), e);
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        CertifiedKey tls = root.issueTlsServer(SigningKey.generate(random), "Sphaera security service", List.of("localhost"),
                List.of("127.0.0.1", "::1"), now.minus(Duration.ofHours(1)), now.plus(CA_LIFETIME), serial(random));
        Path tmpKey = dir.resolve("service-tls.key.pem.partial");
        OwnerOnlyFiles.write(tmpKey, PemKeys.encodePrivate(tls.key()));
        Files.write(cert, tls.certificateDer());
        Files.move(tmpKey, key);
        return tls;
    }

    private static CertificateAuthority authority(Path dir, String name, String cn, CertificateAuthority root, InstantSource clock,
                                                  RandomGenerator random) throws IOException {
        Path key = dir.resolve(name + ".key.pem");
        Path cert = dir.resolve(name + ".cert.der");
        if (Files.exists(key) && Files.exists(cert)) {
            OwnerOnlyFiles.tighten(key);
            try {
                return new CertificateAuthority(PemKeys.decodePrivate(Files.readString(key)), Files.readAllBytes(cert));
            } catch (KeyFormatException | IllegalArgumentException e) {
                throw new IOException(key + " or " + cert + " is damaged: " + e.getMessage(), e);
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        CertificateAuthority ca = root.issueAuthority(SigningKey.generate(random), cn, now.minus(Duration.ofHours(1)),
                now.plus(CA_LIFETIME), serial(random));
        Path tmpKey = dir.resolve(name + ".key.pem.partial");
        OwnerOnlyFiles.write(tmpKey, PemKeys.encodePrivate(ca.key()));
        Files.write(cert, ca.certificateDer());
        Files.move(tmpKey, key);
        return ca;
    }

    public static BigInteger serial(RandomGenerator random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[0] &= 0x7F;
        return new BigInteger(1, b).add(BigInteger.ONE);
    }

    public CertificateAuthority root() {
        return root;
    }

    public CertificateAuthority deviceCa() {
        return deviceCa;
    }

    public CertificateAuthority updateCa() {
        return updateCa;
    }

    public CertifiedKey tls() {
        return tls;
    }

    public static String base64(byte[] der) {
        return Base64.getEncoder().encodeToString(der);
    }
}
