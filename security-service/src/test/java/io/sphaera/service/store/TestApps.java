package io.sphaera.service.store;

import io.sphaera.firmware.image.ImageKind;
import io.sphaera.firmware.signing.Sha256;
import java.util.HexFormat;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** Applications images for tests: random bytes under a random image and component ID, of the version asked for. */
public final class TestApps {
    private TestApps() {
    }

    /** A new image of {@code version} in the tenant's images. */
    public static Image add(ServiceStore store, UUID tenantId, String version, RandomGenerator random) {
        byte[] bytes = new byte[64 + random.nextInt(64)];
        random.nextBytes(bytes);
        ImageRecord r = new ImageRecord(new UUID(random.nextLong(), random.nextLong()), new UUID(random.nextLong(), random.nextLong()),
                ImageKind.APPLICATIONS.code(), "app", version, 1, HexFormat.of().formatHex(Sha256.of(bytes)), bytes.length);
        return store.addImage(tenantId, r, bytes);
    }
}
