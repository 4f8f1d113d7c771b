package io.sphaera.firmware.image;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every truncation and every single-byte change of a valid package must be refused by parse or by verify with a
 * specific error: never accepted, never an unchecked exception.
 */
class ImagePackageCorruptionTest {
    private static final PackageVerifier VERIFIER = new PackageVerifier(
            id -> id.equals(TestPackages.KEY.id()) ? Optional.of(TestPackages.KEY.verificationKey()) : Optional.empty());

    private static void mustBeRefused(byte[] bytes, String what) {
        try {
            ImagePackage p = ImagePackage.parse(bytes);
            VERIFIER.verify(p);
            fail(what + " was accepted");
        } catch (ImagePackageFormatException | ImageVerificationException expected) {
            assertFalse(expected.getMessage() == null || expected.getMessage().isBlank(), what + " gave no reason");
        }
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] valid = TestPackages.small();
        for (int length = 0; length < valid.length; length++) {
            mustBeRefused(Arrays.copyOf(valid, length), "truncation to " + length + " bytes");
        }
    }

    @Test
    void everySingleByteChangeIsRefused() {
        byte[] valid = TestPackages.small();
        int tried = 0;
        for (int i = 0; i < valid.length; i++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                byte[] changed = valid.clone();
                changed[i] ^= (byte) mask;
                mustBeRefused(changed, "byte " + i + " xor 0x" + Integer.toHexString(mask));
                tried++;
            }
        }
        assertFalse(tried < valid.length * 3);
    }

    @Test
    void anAppendedByteIsRefused() {
        byte[] valid = TestPackages.small();
        mustBeRefused(Arrays.copyOf(valid, valid.length + 1), "one byte appended");
        byte[] doubled = Arrays.copyOf(valid, valid.length * 2);
        System.arraycopy(valid, 0, doubled, valid.length, valid.length);
        mustBeRefused(doubled, "the package twice over");
    }
}
