package io.sphaera.pluton.evidence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sphaera.pluton.PlutonException;
import io.sphaera.pluton.TestChip;
import io.sphaera.pluton.boot.BootCostModel;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EvidenceTest {
    private static final byte[] NONCE = "a fresh nonce, 32 bytes long!!!!".getBytes();

    @Test
    void evidenceVerifiesWithTheIdentityKeyAndCarriesTheBoot() throws Exception {
        TestChip chip = new TestChip(30);
        chip.pluton.boot(chip.images(), BootCostModel.DEFAULT, () -> 0);
        AttestationEvidence e = EvidenceVerifier.verify(chip.pluton.attest(NONCE), chip.pluton.identityPublicKey(), NONCE);
        assertEquals(chip.pluton.deviceId().hex(), e.deviceId());
        assertEquals("1.0", e.osVersion());
        assertEquals(3, e.images().size());
        assertArrayEquals(chip.pluton.lastBoot().orElseThrow().measurements().eventLogDigest(), e.eventLogDigest());
    }

    @Test
    void anyChangedByteOrTruncationFailsVerification() throws Exception {
        TestChip chip = new TestChip(31);
        chip.pluton.boot(chip.images(), BootCostModel.DEFAULT, () -> 0);
        byte[] signed = chip.pluton.attest(NONCE);
        for (int i = 0; i < signed.length; i++) {
            byte[] changed = signed.clone();
            changed[i] ^= 0x01;
            mustFail(changed, chip);
            mustFail(Arrays.copyOf(signed, i), chip);
        }
    }

    private static void mustFail(byte[] bytes, TestChip chip) throws PlutonException {
        try {
            EvidenceVerifier.verify(bytes, chip.pluton.identityPublicKey(), NONCE);
            fail("changed evidence verified");
        } catch (EvidenceException expected) {
            assertTrue(!expected.getMessage().isBlank());
        }
    }

    @Test
    void anotherNonceOrAnotherDevicesKeyFails() throws Exception {
        TestChip chip = new TestChip(32);
        TestChip other = new TestChip(33);
        chip.pluton.boot(chip.images(), BootCostModel.DEFAULT, () -> 0);
        byte[] signed = chip.pluton.attest(NONCE);
        assertTrue(assertThrows(EvidenceException.class, () -> EvidenceVerifier.verify(signed, chip.pluton.identityPublicKey(),
                "another nonce of 32 bytes length".getBytes())).getMessage().contains("another nonce"));
        assertThrows(EvidenceException.class, () -> EvidenceVerifier.verify(signed, other.pluton.identityPublicKey(), NONCE));
    }

    @Test
    void nonceSizeIsBoundedAndAnUnbootedDeviceHasNothingToAttest() throws Exception {
        TestChip chip = new TestChip(34);
        assertThrows(PlutonException.class, () -> chip.pluton.attest(NONCE));
        chip.pluton.boot(chip.images(), BootCostModel.DEFAULT, () -> 0);
        assertThrows(PlutonException.class, () -> chip.pluton.attest(new byte[7]));
        assertThrows(PlutonException.class, () -> chip.pluton.attest(new byte[65]));
    }
}
