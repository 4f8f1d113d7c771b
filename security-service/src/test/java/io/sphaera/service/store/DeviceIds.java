package io.sphaera.service.store;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** Device IDs for tests: 64 random bytes in hex, the length of the public key a real device's ID is. */
public final class DeviceIds {
    private DeviceIds() {
    }

    /** The next device ID {@code random} makes. */
    public static String next(RandomGenerator random) {
        byte[] key = new byte[64];
        random.nextBytes(key);
        return HexFormat.of().formatHex(key);
    }

    /** {@code n} device IDs, the same for the same seed on every run. */
    public static List<String> of(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(next(random));
        }
        return ids;
    }
}
