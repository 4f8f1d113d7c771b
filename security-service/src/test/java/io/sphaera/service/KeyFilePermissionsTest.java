package io.sphaera.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.service.pki.ServicePki;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's secrets on disk are its owner's only: the CA and TLS private keys under DATA/pki, the folder that
 * holds them, the store's folder (its database keeps the tenant CAs' keys) and the operator token.
 */
class KeyFilePermissionsTest {
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private static final InstantSource CLOCK = InstantSource.fixed(T0);
    private static final List<String> KEYS = List.of("device-ca.key.pem", "update-ca.key.pem", "service-tls.key.pem");

    private static CertificateAuthority root() {
        return CertificateAuthority.selfSigned(SigningKey.generate(new SplittableRandom(1)), "Root", T0.minus(Duration.ofDays(1)),
                T0.plus(Duration.ofDays(3650)), BigInteger.ONE);
    }

    private static String permissions(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void servicePkiCreatesItsPrivateKeysAndTheirFolderOwnerOnly(@TempDir Path dir) throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path pki = dir.resolve("data/pki");
        ServicePki.open(pki, root(), CLOCK, new SplittableRandom(2));
        assertEquals("rwx------", permissions(pki));
        for (String key : KEYS) {
            assertEquals("rw-------", permissions(pki.resolve(key)), key);
        }
        // Opened again, the keys are read, not remade, and stay as they are.
        String deviceCaKey = Files.readString(pki.resolve("device-ca.key.pem"));
        ServicePki.open(pki, root(), CLOCK, new SplittableRandom(3));
        assertEquals(deviceCaKey, Files.readString(pki.resolve("device-ca.key.pem")));
        assertEquals("rw-------", permissions(pki.resolve("device-ca.key.pem")));
    }

    @Test
    void keysAnEarlierVersionLeftReadableByAllAreMadeOwnerOnlyWhenLoaded(@TempDir Path dir) throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path pki = dir.resolve("pki");
        ServicePki.open(pki, root(), CLOCK, new SplittableRandom(2));
        for (String key : KEYS) {
            Files.setPosixFilePermissions(pki.resolve(key), PosixFilePermissions.fromString("rw-r--r--"));
        }
        ServicePki.open(pki, root(), CLOCK, new SplittableRandom(3));
        for (String key : KEYS) {
            assertEquals("rw-------", permissions(pki.resolve(key)), key);
        }
    }

    @Test
    void aPartialKeyLeftByACrashDoesNotLendItsPermissions(@TempDir Path dir) throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path pki = Files.createDirectories(dir.resolve("pki"));
        Path partial = pki.resolve("device-ca.key.pem.partial");
        Files.writeString(partial, "half a key");
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
        ServicePki.open(pki, root(), CLOCK, new SplittableRandom(2));
        assertEquals("rw-------", permissions(pki.resolve("device-ca.key.pem")));
        assertFalse(Files.exists(partial));
    }

    @Test
    void aStartedServiceKeepsItsKeysStoreAndOperatorTokenOwnerOnly(@TempDir Path dir) throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path data = dir.resolve("data");
        CertificateAuthority root = root();
        byte[] manufacturing = root.issueAuthority(SigningKey.generate(new SplittableRandom(4)), "Manufacturing CA",
                T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(3650)), BigInteger.TWO).certificateDer();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (SecurityService service = SecurityService.start(new SecurityService.Config(data, root, manufacturing, Map.of(),
                new InetSocketAddress("127.0.0.1", 0)), CLOCK, new SplittableRandom(5), loops, loops)) {
            assertEquals("rwx------", permissions(data.resolve("store")));
            assertEquals("rwx------", permissions(data.resolve("pki")));
            for (String key : KEYS) {
                assertEquals("rw-------", permissions(data.resolve("pki").resolve(key)), key);
            }
            assertEquals("rw-------", permissions(data.resolve("operator.token")));
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
