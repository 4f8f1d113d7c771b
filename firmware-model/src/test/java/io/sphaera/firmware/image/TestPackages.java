package io.sphaera.firmware.image;

import io.sphaera.firmware.signing.SigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/** Small valid packages for tests, made the way the CLI makes them. */
final class TestPackages {
    static final SigningKey KEY = SigningKey.generate(new SplittableRandom(42));
    static final UUID COMPONENT = UUID.fromString("25025d2c-66da-4448-bae1-ac26fcdd3627");
    static final String MANIFEST = """
            {"SchemaVersion":1,"Name":"Tiny","ComponentId":"25025d2c-66da-4448-bae1-ac26fcdd3627",
             "EntryPoint":"/bin/app","CmdArgs":[],"Capabilities":{"Gpio":[8]},"ApplicationType":"Default"}
            """;
    static final byte[] WASM = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

    private TestPackages() {
    }

    static ImagePackageBuilder app() {
        return new ImagePackageBuilder(ImageKind.APPLICATIONS, COMPONENT)
                .imageId(UUID.fromString("11112222-3333-4444-8555-666677778888"))
                .buildTime(Instant.parse("2026-11-26T12:00:00Z"))
                .buildName("Tiny")
                .version(new ImageVersion("1.2.3"))
                .securityVersion(5)
                .temporary(TemporaryImage.UNDER_DEVELOPMENT)
                .abiDepends(List.of(1, 5, 3))
                .addFile("app_manifest.json", MANIFEST.getBytes(StandardCharsets.UTF_8), false)
                .addFile("bin/app", WASM, true);
    }

    static byte[] small() {
        return app().sign(KEY);
    }
}
