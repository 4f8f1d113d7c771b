package io.sphaera.firmware.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DerSignatureTest {
    private static final SigningKey KEY = SigningKey.generate(new Random(7));
    private static final byte[] MESSAGE = "signed bytes".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RAW = KEY.sign(MESSAGE, 0, MESSAGE.length);

    @Test
    void aSignatureSurvivesTheRoundTripAndStillVerifies() {
        byte[] back = DerSignature.toRaw(DerSignature.fromRaw(RAW));
        assertArrayEquals(RAW, back);
        assertTrue(KEY.verificationKey().verifyDigest(Sha256.of(MESSAGE), back));
    }

    @Test
    void aRawSignatureOfTheWrongLengthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DerSignature.fromRaw(new byte[63]));
        assertThrows(IllegalArgumentException.class, () -> DerSignature.fromRaw(new byte[65]));
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] der = DerSignature.fromRaw(RAW);
        for (int length = 0; length < der.length; length++) {
            byte[] cut = Arrays.copyOf(der, length);
            assertThrows(IllegalArgumentException.class, () -> DerSignature.toRaw(cut), "truncated to " + length);
        }
    }

    @Test
    void everyFlippedByteIsRefusedOrNoLongerVerifies() {
        byte[] der = DerSignature.fromRaw(RAW);
        for (int at = 0; at < der.length; at++) {
            byte[] flipped = der.clone();
            flipped[at] ^= (byte) 0xFF;
            byte[] raw;
            try {
                raw = DerSignature.toRaw(flipped);
            } catch (IllegalArgumentException refused) {
                continue;
            }
            assertFalse(KEY.verificationKey().verifyDigest(Sha256.of(MESSAGE), raw), "flipped byte " + at);
        }
    }
}
