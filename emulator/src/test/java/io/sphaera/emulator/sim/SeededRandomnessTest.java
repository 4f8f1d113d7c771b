package io.sphaera.emulator.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.firmware.signing.SigningKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SeededRandomnessTest {
    private static byte[] bytes(long seed, String party, int n) {
        byte[] b = new byte[n];
        new SeededRandomness(seed).forParty(party).nextBytes(b);
        return b;
    }

    @Test
    void sameSeedAndNameRepeat() {
        assertArrayEquals(bytes(42, "device-0042", 100), bytes(42, "device-0042", 100));
        RandomGenerator a = new SeededRandomness(7).forParty("service");
        RandomGenerator b = new SeededRandomness(7).forParty("service");
        for (int i = 0; i < 1000; i++) {
            assertEquals(a.nextLong(), b.nextLong());
            assertEquals(a.nextInt(1000), b.nextInt(1000));
            assertEquals(a.nextDouble(), b.nextDouble());
        }
    }

    @Test
    void namesAndSeedsGiveDifferentStreams() {
        byte[] device42 = bytes(42, "device-0042", 32);
        assertFalse(Arrays.equals(device42, bytes(42, "device-0043", 32)));
        assertFalse(Arrays.equals(device42, bytes(43, "device-0042", 32)));
        assertFalse(Arrays.equals(device42, bytes(42, "service", 32)));
        // the seed is fixed-width, so moving a character between seed and name cannot collide
        assertFalse(Arrays.equals(bytes(0, "1", 32), bytes(1, "", 32)));
    }

    /** The vectors were computed outside Java from the documented derivation (Python's hashlib). */
    @Test
    void theDerivationIsTheDocumentedOne() {
        assertEquals("b726bd02f74c040ed8b0d5921a235e1d9deb09e3455afc0e7b06d40a8c9246ea7c2a0211f24e8255",
                HexFormat.of().formatHex(bytes(42, "device-0042", 40)));
        assertEquals(0x6b1a797da824e041L, new SeededRandomness(-1).forParty("service").nextLong());
    }

    @Test
    void theStreamDoesNotDependOnHowItIsCut() {
        byte[] whole = bytes(9, "device-0001", 77);
        RandomGenerator random = new SeededRandomness(9).forParty("device-0001");
        byte[] first = new byte[5];
        random.nextBytes(first);
        long middle = random.nextLong();
        int next = random.nextInt();
        byte[] rest = new byte[77 - 17];
        random.nextBytes(rest);

        byte[] pieced = new byte[77];
        System.arraycopy(first, 0, pieced, 0, 5);
        for (int i = 0; i < 8; i++) {
            pieced[5 + i] = (byte) (middle >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            pieced[13 + i] = (byte) (next >>> (24 - 8 * i));
        }
        System.arraycopy(rest, 0, pieced, 17, rest.length);
        assertArrayEquals(whole, pieced);
    }

    @Test
    void threadsSharingAGeneratorGetDisjointPiecesOfTheOneStream() throws Exception {
        int threads = 4;
        int draws = 5_000;
        RandomGenerator shared = new SeededRandomness(11).forParty("service");
        java.util.List<java.util.concurrent.Future<java.util.List<String>>> drawn = new java.util.ArrayList<>();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        var start = new java.util.concurrent.CountDownLatch(1);
        try {
            for (int t = 0; t < threads; t++) {
                drawn.add(pool.submit(() -> {
                    start.await();
                    java.util.List<String> mine = new java.util.ArrayList<>();
                    for (int i = 0; i < draws; i++) {
                        byte[] piece = new byte[16];
                        shared.nextBytes(piece);
                        mine.add(HexFormat.of().formatHex(piece));
                    }
                    return mine;
                }));
            }
            start.countDown();
            java.util.List<String> all = new java.util.ArrayList<>();
            for (var f : drawn) {
                all.addAll(f.get());
            }
            byte[] stream = bytes(11, "service", threads * draws * 16);
            java.util.List<String> expected = new java.util.ArrayList<>();
            for (int i = 0; i < threads * draws; i++) {
                expected.add(HexFormat.of().formatHex(stream, i * 16, i * 16 + 16));
            }
            java.util.Collections.sort(all);
            java.util.Collections.sort(expected);
            assertEquals(expected, all);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void boundedValuesStayInBounds() {
        RandomGenerator random = new SeededRandomness(1).forParty("bounds");
        for (int i = 0; i < 2000; i++) {
            int small = random.nextInt(7);
            assertTrue(small >= 0 && small < 7);
            int ranged = random.nextInt(-3, 4);
            assertTrue(ranged >= -3 && ranged < 4);
            int wide = random.nextInt(Integer.MIN_VALUE + 1, Integer.MAX_VALUE);
            assertTrue(wide > Integer.MIN_VALUE && wide < Integer.MAX_VALUE);
            long big = random.nextLong(1L << 40);
            assertTrue(big >= 0 && big < (1L << 40));
            long wideLong = random.nextLong(Long.MIN_VALUE, Long.MAX_VALUE);
            assertTrue(wideLong < Long.MAX_VALUE);
            double d = random.nextDouble();
            assertTrue(d >= 0 && d < 1);
            float f = random.nextFloat();
            assertTrue(f >= 0 && f < 1);
        }
        assertThrows(IllegalArgumentException.class, () -> random.nextInt(0));
        assertThrows(IllegalArgumentException.class, () -> random.nextLong(5, 5));
    }

    @Test
    void everyValueOfASmallBoundTurnsUp() {
        RandomGenerator random = new SeededRandomness(3).forParty("dice");
        int[] counts = new int[6];
        for (int i = 0; i < 6000; i++) {
            counts[random.nextInt(6)]++;
        }
        for (int count : counts) {
            assertTrue(count > 850 && count < 1150, Arrays.toString(counts));
        }
    }

    @Test
    void aReplayedRunMakesTheSameKeys() {
        SigningKey first = SigningKey.generate(new SeededRandomness(11).forParty("device-0042/pluton"));
        SigningKey again = SigningKey.generate(new SeededRandomness(11).forParty("device-0042/pluton"));
        SigningKey other = SigningKey.generate(new SeededRandomness(11).forParty("device-0043/pluton"));
        assertEquals(first.id(), again.id());
        assertFalse(first.id().equals(other.id()));
    }

    @Test
    void itsNameShowsButNotItsState() {
        assertEquals("PartyRandomness[device-0042]", new SeededRandomness(5).forParty("device-0042").toString());
        assertEquals(5, new SeededRandomness(5).runSeed());
    }
}
