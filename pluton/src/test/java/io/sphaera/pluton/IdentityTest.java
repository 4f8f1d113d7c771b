package io.sphaera.pluton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.pluton.capability.DeviceCapability;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentityTest {
    /** An attacker who rewrites flash copies another device's identity record in, to take its capability image. */
    @Test
    void anotherDevicesIdentityRecordIsRefused() throws Exception {
        TestChip victim = new TestChip(40);
        TestChip attacker = new TestChip(41);
        byte[] capability = victim.capabilityFor(victim.pluton.deviceId(), TestChip.CAPABILITIES, DeviceCapability.APP_DEVELOPMENT);
        attacker.keyStore.erase(0, attacker.keyStore.size());
        attacker.keyStore.program(0, victim.keyStore.read(0, (int) victim.keyStore.size()));
        PlutonException refused = assertThrows(PlutonException.class, attacker::powerCycle);
        assertTrue(refused.getMessage().contains("identity"), refused.getMessage());
        // Their own identity back, the victim's capability is still not theirs.
        attacker.keyStore.erase(0, attacker.keyStore.size());
        TestChip fresh = new TestChip(41);
        attacker.keyStore.program(0, fresh.keyStore.read(0, (int) fresh.keyStore.size()));
        attacker.powerCycle();
        assertThrows(io.sphaera.pluton.capability.CapabilityException.class, () -> attacker.pluton.applyCapability(capability));
        assertEquals(Set.of(), attacker.pluton.capabilities());
    }

    /** Pluton keeps the unsealed key for a power cycle; after one it unseals again from flash and signs the same. */
    @Test
    void theIdentityKeySignsForItsPublicKeyBeforeAndAfterAPowerCycle() throws Exception {
        TestChip chip = new TestChip(42);
        byte[] content = "handshake transcript".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] digest = io.sphaera.firmware.signing.Sha256.of(content);
        var publicKey = chip.pluton.identityPublicKey();
        assertTrue(publicKey.verifyDigest(digest, chip.pluton.signWithIdentity(content)));
        assertTrue(publicKey.verifyDigest(digest, chip.pluton.signWithIdentity(content)));
        chip.powerCycle();
        assertEquals(publicKey.id(), chip.pluton.identityPublicKey().id());
        assertTrue(publicKey.verifyDigest(digest, chip.pluton.signWithIdentity(content)));
        TestChip other = new TestChip(43);
        assertTrue(!publicKey.verifyDigest(digest, other.pluton.signWithIdentity(content)));
    }

    @Test
    void noPublicMethodHandsOutThePrivateKeyOrTheHardwareKey() {
        for (Method m : Pluton.class.getMethods()) {
            if (Modifier.isPublic(m.getModifiers())) {
                assertTrue(!m.getReturnType().getName().contains("SigningKey"), m.toString());
                assertTrue(!m.getName().toLowerCase().contains("hardwareunique"), m.toString());
            }
        }
        assertTrue(!Modifier.isPublic(SealedIdentity.class.getModifiers()));
        assertTrue(!Modifier.isPublic(EFuses.class.getModifiers()));
        assertTrue(Arrays.stream(EFuses.class.getDeclaredMethods()).noneMatch(m -> Modifier.isPublic(m.getModifiers())));
    }
}
