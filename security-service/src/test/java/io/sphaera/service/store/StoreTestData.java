package io.sphaera.service.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.random.RandomGenerator;

/** Image packages for store tests (the store never looks inside an image's bytes). */
final class StoreTestData {
    private StoreTestData() {}

    static ImageRecord imageRecord(UUID imageId, byte[] bytes) {
        return new ImageRecord(imageId, new UUID(0x1234, 0x5678), 10, "blink", "1.0.0", 1, sha256(bytes),
                bytes.length);
    }

    static UUID uuid(RandomGenerator random) {
        return new UUID(random.nextLong(), random.nextLong());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
