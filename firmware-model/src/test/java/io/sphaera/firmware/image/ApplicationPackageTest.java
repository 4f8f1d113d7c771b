package io.sphaera.firmware.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ApplicationPackageTest {
    private static ImagePackageBuilder appWith(String manifest, String executablePath, boolean executable) {
        return new ImagePackageBuilder(ImageKind.APPLICATIONS, TestPackages.COMPONENT)
                .imageId(UUID.randomUUID()).buildTime(Instant.EPOCH)
                .addFile("app_manifest.json", manifest.getBytes(StandardCharsets.UTF_8), false)
                .addFile(executablePath, TestPackages.WASM, executable);
    }

    private static String refusal(ImagePackageBuilder builder) {
        return assertThrows(ImagePackageFormatException.class,
                () -> ApplicationPackage.of(ImagePackage.parse(builder.sign(TestPackages.KEY)))).getMessage();
    }

    @Test
    void aConsistentAppPackageYieldsItsManifest() throws Exception {
        ApplicationPackage app = ApplicationPackage.of(ImagePackage.parse(TestPackages.small()));
        assertEquals(TestPackages.COMPONENT, app.manifest().componentId());
    }

    @Test
    void thePackedManifestMustAgreeWithThePackage() {
        assertTrue(refusal(appWith(TestPackages.MANIFEST, "bin/other", true)).contains("EntryPoint /bin/app is not a file"));
        assertTrue(refusal(appWith(TestPackages.MANIFEST, "bin/app", false)).contains("not marked executable"));
        String otherComponent = TestPackages.MANIFEST.replace("25025d2c", "35025d2c");
        assertTrue(refusal(appWith(otherComponent, "bin/app", true)).contains("differs from the package's component ID"));
        String named = TestPackages.MANIFEST.replace("[8]", "[\"$SAMPLE_LED\"]");
        assertTrue(refusal(appWith(named, "bin/app", true)).contains("not defined"), "packed manifests hold raw values only");
        String kind = assertThrows(ImagePackageFormatException.class, () -> ApplicationPackage.of(ImagePackage.parse(
                new ImagePackageBuilder(ImageKind.ROOT_FS, TestPackages.COMPONENT).imageId(UUID.randomUUID())
                        .buildTime(Instant.EPOCH).addFile("x", new byte[1], false).sign(TestPackages.KEY)))).getMessage();
        assertTrue(kind.contains("not an application image"), kind);
    }
}
