package io.sphaera.firmware.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.firmware.signing.SigningKey;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ImagePackageTest {
    private static PackageVerifier trusting(SigningKey key) {
        return new PackageVerifier(id -> id.equals(key.id()) ? Optional.of(key.verificationKey()) : Optional.empty());
    }

    @Test
    void everyFieldReadsBackAsPacked() throws Exception {
        ImagePackage p = ImagePackage.parse(TestPackages.small());
        ImageMetadata m = p.metadata();
        assertEquals(ImageKind.APPLICATIONS, m.kind());
        assertEquals(TestPackages.COMPONENT, m.componentId());
        assertEquals(UUID.fromString("11112222-3333-4444-8555-666677778888"), m.imageId());
        assertEquals(TestPackages.KEY.id(), m.signer());
        assertEquals(Instant.parse("2026-11-26T12:00:00Z"), m.buildTime());
        assertEquals("Tiny", m.buildName());
        assertEquals(TemporaryImage.UNDER_DEVELOPMENT, m.temporary());
        assertEquals(List.of(1, 5, 3), m.abiDepends());
        assertEquals(List.of(), m.abiProvides());
        assertEquals(new ImageVersion("1.2.3"), m.version());
        assertEquals(5, m.securityVersion());
        assertEquals(List.of("app_manifest.json", "bin/app"), p.files().stream().map(PackageFile::path).toList());
        assertArrayEquals(TestPackages.WASM, p.read(p.file("bin/app").orElseThrow()));
        assertTrue(p.file("bin/app").orElseThrow().executable());
        assertEquals(p.size() - 64, p.signedLength());
        trusting(TestPackages.KEY).verify(p);
    }

    @Test
    void theIdentitySectionStoresGuidsAsThePlatformDoes() throws Exception {
        byte[] bytes = TestPackages.small();
        // "ID" section: u16 id 0x4449, u16 length 36, u16 type 10, u16 reserved, then the component ID whose first
        // three fields are little-endian: 25025d2c-66da-4448 -> 2c 5d 02 25 da 66 48 44, then bae1ac26fcdd3627 as is.
        String hex = HexFormat.of().formatHex(bytes);
        assertTrue(hex.contains("49442400" + "0a00" + "0000" + "2c5d0225da664844bae1ac26fcdd3627"), hex);
    }

    @Test
    void aBuildNameKeepsItsFirst31Characters() throws Exception {
        String name = "IntercoreComms_RTApp_MT3620_BareMetal";
        byte[] bytes = TestPackages.app().buildName(name).sign(TestPackages.KEY);
        assertEquals(name.substring(0, 31), ImagePackage.parse(bytes).metadata().buildName());
        assertEquals("ééééééééééééééé", ImagePackageBuilder.truncateName("éééééééééééééééééééé"), "31 bytes of UTF-8 at most");
    }

    @Test
    void everyPackGetsANewImageIdAndKeepsTheComponentId() {
        SplittableRandom random = new SplittableRandom(7);
        UUID a = ImagePackageBuilder.newImageId(random);
        UUID b = ImagePackageBuilder.newImageId(random);
        assertNotEquals(a, b);
        assertEquals(4, a.version());
        assertEquals(2, a.variant());
    }

    @Test
    void anUntrustedSignerAndAForeignKeyAreToldApart() throws Exception {
        ImagePackage p = ImagePackage.parse(TestPackages.small());
        SigningKey other = SigningKey.generate(new SplittableRandom(9));
        ImageVerificationException untrusted = assertThrows(ImageVerificationException.class, () -> trusting(other).verify(p));
        assertEquals(ImageVerificationException.Reason.UNTRUSTED_SIGNER, untrusted.reason());
        // A store that maps the signer's ID to the wrong key (a collision, or a substituted store) still fails.
        ImageVerificationException bad = assertThrows(ImageVerificationException.class,
                () -> new PackageVerifier(id -> Optional.of(other.verificationKey())).verify(p));
        assertEquals(ImageVerificationException.Reason.BAD_SIGNATURE, bad.reason());
    }

    @Test
    void theVerifiedDigestIsTheSha256OfTheSignedBytes() throws Exception {
        byte[] bytes = TestPackages.small();
        VerifiedPackage v = trusting(TestPackages.KEY).verify(ImagePackage.parse(bytes));
        byte[] expected = java.security.MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOf(bytes, bytes.length - 64));
        assertArrayEquals(expected, v.signedDigest());
    }

    @Test
    void everySystemImageKindRoundTrips() throws Exception {
        for (ImageKind kind : ImageKind.values()) {
            byte[] bytes = new ImagePackageBuilder(kind, UUID.nameUUIDFromBytes(kind.name().getBytes()))
                    .imageId(UUID.randomUUID()).buildTime(Instant.EPOCH).addFile("payload", new byte[] {1, 2, 3}, false)
                    .sign(TestPackages.KEY);
            assertEquals(kind, ImagePackage.parse(bytes).metadata().kind());
            assertEquals(Optional.of(kind), ImageKind.fromCode(kind.code()));
            assertEquals(Optional.of(kind), ImageKind.fromName(kind.platformName()));
        }
    }

    @Test
    void hugeLengthFieldsAreRefusedWithoutAllocating() {
        byte[] valid = TestPackages.small();
        int trailer = valid.length - 64 - 4;
        for (int bogus : new int[] {0x7FFFFFFF, 0xFFFFFFFF, 0x80000000}) {
            byte[] b = valid.clone();
            ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(trailer, bogus);
            assertTrue(assertThrows(ImagePackageFormatException.class, () -> ImagePackage.parse(b))
                    .getMessage().contains("metadata length"));
            // The first file's data length, 2 GiB and 4 GiB.
            byte[] c = valid.clone();
            ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(12 + 4, bogus);
            assertTrue(assertThrows(ImagePackageFormatException.class, () -> ImagePackage.parse(c))
                    .getMessage().contains("runs past the body end"));
            // The file count and the section count.
            byte[] d = valid.clone();
            ByteBuffer.wrap(d).order(ByteOrder.LITTLE_ENDIAN).putShort(6, (short) bogus);
            assertThrows(ImagePackageFormatException.class, () -> ImagePackage.parse(d));
        }
    }

    @Test
    void namedStructuralErrors() throws Exception {
        Map<String, byte[]> cases = new java.util.LinkedHashMap<>();
        byte[] valid = TestPackages.small();
        cases.put("truncated", new byte[10]);
        byte[] version = valid.clone();
        version[4] = 2;
        cases.put("format version 2 is not supported", version);
        byte[] magic = valid.clone();
        magic[0] = 'X';
        cases.put("body magic", magic);
        for (Map.Entry<String, byte[]> e : cases.entrySet()) {
            String message = assertThrows(ImagePackageFormatException.class, () -> ImagePackage.parse(e.getValue())).getMessage();
            assertTrue(message.contains(e.getKey()), message);
        }
    }

    @Test
    void theBuilderRefusesWhatCouldNotBeRead() {
        assertThrows(IllegalArgumentException.class, () -> TestPackages.app().addFile("../etc/passwd", new byte[1], false));
        assertThrows(IllegalArgumentException.class, () -> TestPackages.app().addFile("/bin/app", new byte[1], false));
        assertThrows(IllegalArgumentException.class, () -> TestPackages.app().addFile("bin/app", new byte[1], false));
        assertThrows(IllegalArgumentException.class, () -> TestPackages.app().securityVersion(-1));
        assertThrows(IllegalStateException.class,
                () -> new ImagePackageBuilder(ImageKind.APPLICATIONS, UUID.randomUUID()).sign(TestPackages.KEY));
    }
}
