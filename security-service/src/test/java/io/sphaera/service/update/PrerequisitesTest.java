package io.sphaera.service.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.image.ImagePackageFormatException;
import io.sphaera.firmware.signing.SigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The prerequisites phase names the newest trusted key store the vendor published, and nothing else. */
class PrerequisitesTest {
    private static final UUID COMPONENT = UUID.nameUUIDFromBytes("trusted key store".getBytes(StandardCharsets.UTF_8));
    private static final SigningKey ROOT = SigningKey.generate(new SplittableRandom(5));

    private static byte[] store(String name, long securityVersion, Instant built) {
        return new ImagePackageBuilder(ImageKind.TRUSTED_KEYSTORE, COMPONENT).imageId(UUID.nameUUIDFromBytes(name.getBytes()))
                .buildTime(built).buildName(name).securityVersion(securityVersion)
                .addFile("trusted_keys.json", ("{\"store\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8), false).sign(ROOT);
    }

    @Test
    void theNewestByItsSecurityVersionThenItsBuildIsNamedAndServed() throws Exception {
        Instant t = Instant.parse("2026-11-26T12:00:00Z");
        byte[] v1 = store("v1", 1, t.plusSeconds(100));
        byte[] v2 = store("v2", 2, t);
        byte[] v2later = store("v2 later", 2, t.plusSeconds(10));
        Prerequisites p = Prerequisites.of(List.of(v1, v2later, v2));
        assertEquals(1, p.targets().size());
        UUID expected = UUID.nameUUIDFromBytes("v2 later".getBytes());
        assertEquals(expected, p.targets().get(0).imageId());
        assertEquals("TrustedKeystore", p.targets().get(0).kind());
        assertEquals(v2later.length, p.targets().get(0).length());
        assertTrue(p.image(expected).isPresent());
        assertTrue(p.image(UUID.nameUUIDFromBytes("v1".getBytes())).isEmpty(), "an older store is not served");
        assertTrue(Prerequisites.none().targets().isEmpty());
        assertTrue(Prerequisites.of(List.of()).targets().isEmpty());
    }

    @Test
    void anImageOfAnotherKindOrNotAPackageIsRefused() {
        byte[] app = new ImagePackageBuilder(ImageKind.APPLICATIONS, COMPONENT).imageId(UUID.nameUUIDFromBytes("an app".getBytes()))
                .buildTime(Instant.parse("2026-11-26T12:00:00Z")).addFile("bin/app", new byte[] {0, 0x61, 0x73, 0x6d}, true).sign(ROOT);
        ImagePackageFormatException e = assertThrows(ImagePackageFormatException.class, () -> Prerequisites.of(List.of(app)));
        assertTrue(e.getMessage().contains("TrustedKeystore or UpdateCertStore"), e.getMessage());
        assertThrows(ImagePackageFormatException.class, () -> Prerequisites.of(List.of(new byte[] {1, 2, 3})));
    }

    @Test
    void theNewestOfEachKindIsNamedTheTrustedKeyStoreFirst() throws Exception {
        Instant t = Instant.parse("2026-11-26T12:00:00Z");
        UUID certComponent = UUID.nameUUIDFromBytes("certificate store".getBytes(StandardCharsets.UTF_8));
        byte[] certs = new ImagePackageBuilder(ImageKind.UPDATE_CERT_STORE, certComponent).imageId(UUID.nameUUIDFromBytes("certs".getBytes()))
                .buildTime(t).securityVersion(3).addFile("certs.pem", "-----".getBytes(StandardCharsets.UTF_8), false).sign(ROOT);
        Prerequisites p = Prerequisites.of(List.of(certs, store("v1", 1, t)));
        assertEquals(List.of("TrustedKeystore", "UpdateCertStore"), p.targets().stream().map(x -> x.kind()).toList());
        assertTrue(p.image(UUID.nameUUIDFromBytes("certs".getBytes())).isPresent());
    }
}
