package io.sphaera.pluton.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.image.ImagePackageBuilder;
import io.sphaera.firmware.image.TemporaryImage;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.pluton.TestChip;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the update agent asks Pluton before it installs: would it boot this system image, apply this board configuration? */
class UpdateChecksTest {
    private static ImagePackage board(SigningKey signer) throws Exception {
        return ImagePackage.parse(new ImagePackageBuilder(ImageKind.CUSTOMER_BOARD_CONFIG, UUID.nameUUIDFromBytes("board".getBytes()))
                .imageId(UUID.nameUUIDFromBytes("board image".getBytes())).buildTime(Instant.parse("2026-11-26T12:00:00Z"))
                .addFile("board_config.bin", new byte[] {1, 2, 3}, false).sign(signer));
    }

    @Test
    void aBoardConfigurationMustBeProductionSignedAndOfItsKind() throws Exception {
        TestChip chip = new TestChip(41);
        assertEquals(Optional.empty(), chip.pluton.boardConfigurationRefusal(board(TestChip.PRODUCTION)));
        assertTrue(chip.pluton.boardConfigurationRefusal(board(TestChip.SDK_TEST)).orElseThrow().contains("appDevelopment"));
        assertTrue(chip.pluton.boardConfigurationRefusal(board(TestChip.STRANGER)).orElseThrow().contains("not in the trusted key store"));
        ImagePackage app = ImagePackage.parse(TestChip.app("app", UUID.nameUUIDFromBytes("c".getBytes()), TestChip.PRODUCTION,
                TemporaryImage.NONE, false));
        assertTrue(chip.pluton.boardConfigurationRefusal(app).orElseThrow().contains("Applications"));
        ImagePackage good = board(TestChip.PRODUCTION);
        byte[] tampered = good.toByteArray();
        tampered[good.files().get(0).offset()] ^= 1; // a byte of the configuration itself
        assertTrue(chip.pluton.boardConfigurationRefusal(ImagePackage.parse(tampered)).isPresent(), "a changed byte fails the signature");
    }

    @Test
    void aSystemImageMustBeOfItsStageSignedByTheSystemKeyAndNotBelowItsCounter() throws Exception {
        TestChip chip = new TestChip(42);
        ImagePackage os = ImagePackage.parse(TestChip.systemImage(BootStage.OS, "2.0", 2, TestChip.SYSTEM));
        assertEquals(Optional.empty(), chip.pluton.systemImageRefusal(BootStage.OS, os));
        assertTrue(chip.pluton.systemImageRefusal(BootStage.SECURITY_MONITOR, os).orElseThrow().contains("expected"));
        ImagePackage stranger = ImagePackage.parse(TestChip.systemImage(BootStage.OS, "2.0", 2, TestChip.STRANGER));
        assertTrue(chip.pluton.systemImageRefusal(BootStage.OS, stranger).isPresent());
        chip.pluton.raiseCounter(BootStage.OS.counter(), 3);
        assertTrue(chip.pluton.systemImageRefusal(BootStage.OS, os).orElseThrow().contains("downgrade"));
    }

    @Test
    void aCertificateStoreMustBeSignedByTheSystemImagesKey() throws Exception {
        TestChip chip = new TestChip(43);
        java.util.function.Function<SigningKey, ImagePackage> certs = signer -> {
            try {
                return ImagePackage.parse(new ImagePackageBuilder(ImageKind.UPDATE_CERT_STORE, UUID.nameUUIDFromBytes("certs".getBytes()))
                        .imageId(UUID.nameUUIDFromBytes("certs image".getBytes())).buildTime(Instant.parse("2026-11-26T12:00:00Z"))
                        .addFile("certs.der", new byte[] {4, 5, 6}, false).sign(signer));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        assertEquals(Optional.empty(), chip.pluton.certificateStoreRefusal(certs.apply(TestChip.SYSTEM)));
        assertTrue(chip.pluton.certificateStoreRefusal(certs.apply(TestChip.PRODUCTION)).orElseThrow().contains("does not sign"));
        assertTrue(chip.pluton.certificateStoreRefusal(board(TestChip.SYSTEM)).orElseThrow().contains("UpdateCertStore"));
    }
}
