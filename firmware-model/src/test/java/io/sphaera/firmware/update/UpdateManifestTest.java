package io.sphaera.firmware.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.firmware.signing.SigningKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The signed update manifest: its format, and a device's checks against each attack they stand for. */
class UpdateManifestTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final String DEVICE = "ab".repeat(64);
    private static final String OTHER_DEVICE = "cd".repeat(64);
    private final SigningKey updates = SigningKey.generate(new SplittableRandom(1));
    private final SigningKey stranger = SigningKey.generate(new SplittableRandom(2));
    private final UpdateManifestVerifier verifier = new UpdateManifestVerifier(List.of(updates.verificationKey()));

    private static UpdateManifest manifest(String device, long version, Instant issued, Duration valid) {
        TargetImage os = new TargetImage(UUID.fromString("11111111-2222-4333-8444-555555555555"),
                UUID.fromString("21111111-2222-4333-8444-555555555555"), "NormalWorldKernel", "25.05", 65_536, new byte[32]);
        TargetImage app = new TargetImage(UUID.fromString("31111111-2222-4333-8444-555555555555"),
                UUID.fromString("41111111-2222-4333-8444-555555555555"), "Applications", "1.2.0", 4_096, filled(7));
        return new UpdateManifest(device, version, issued, issued.plus(valid),
                Optional.of(UUID.fromString("51111111-2222-4333-8444-555555555555")),
                Map.of(UpdatePhase.OS, List.of(os), UpdatePhase.APPS, List.of(app)));
    }

    private static byte[] filled(int b) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) b);
        return bytes;
    }

    private static UpdateManifestVerifier.Expectations expecting(long lastVersion, byte[] lastPayload) {
        return new UpdateManifestVerifier.Expectations(DEVICE, lastVersion, lastPayload, NOW);
    }

    private String refusal(byte[] envelope, UpdateManifestVerifier.Expectations expected) {
        return assertThrows(UpdateManifestException.class, () -> verifier.verify(envelope, expected)).getMessage();
    }

    @Test
    void aSignedManifestForThisDeviceVerifiesAndReadsBackWhole() throws Exception {
        UpdateManifest m = manifest(DEVICE, 3, NOW.minusSeconds(60), Duration.ofDays(7));
        UpdateManifestVerifier.Verified v = verifier.verify(UpdateManifestCodec.sign(m, updates), expecting(2, null));
        assertEquals(m, v.manifest());
        assertEquals(List.of(), v.manifest().images(UpdatePhase.PREREQUISITES));
        assertEquals(32, v.payloadSha256().length);
        // The same manifest again is no rollback: a device may fetch it twice.
        assertEquals(m, verifier.verify(UpdateManifestCodec.sign(m, updates), expecting(3, v.payloadSha256())).manifest());
    }

    @Test
    void arbitrarySoftwareAManifestSignedByAnotherKeyOrAlteredIsRefused() {
        UpdateManifest m = manifest(DEVICE, 3, NOW, Duration.ofDays(7));
        assertEquals("update manifest: not signed by a key this device trusts for updates",
                refusal(UpdateManifestCodec.sign(m, stranger), expecting(0, null)));
        // A substituted payload under the genuine signature.
        String envelope = new String(UpdateManifestCodec.sign(m, updates), StandardCharsets.UTF_8);
        String forged = Base64.getEncoder().encodeToString(UpdateManifestCodec.payload(manifest(DEVICE, 4, NOW, Duration.ofDays(7))));
        String payload = envelope.substring(envelope.indexOf("\"Payload\":\"") + 11, envelope.indexOf("\",\"Signatures\""));
        assertTrue(refusal(envelope.replace(payload, forged).getBytes(StandardCharsets.UTF_8), expecting(0, null))
                .contains("not signed by a key this device trusts"));
    }

    @Test
    void mixAndMatchAManifestForAnotherDeviceIsRefused() {
        byte[] theirs = UpdateManifestCodec.sign(manifest(OTHER_DEVICE, 3, NOW, Duration.ofDays(7)), updates);
        assertEquals("update manifest: for device " + OTHER_DEVICE.substring(0, 16) + "..., not this one",
                refusal(theirs, expecting(0, null)));
    }

    @Test
    void rollbackAnOlderManifestOrTheSameVersionWithOtherContentIsRefused() throws Exception {
        byte[] v5 = UpdateManifestCodec.sign(manifest(DEVICE, 5, NOW, Duration.ofDays(7)), updates);
        byte[] acted = verifier.verify(v5, expecting(0, null)).payloadSha256();
        byte[] v4 = UpdateManifestCodec.sign(manifest(DEVICE, 4, NOW, Duration.ofDays(7)), updates);
        assertEquals("update manifest: version 4 is older than version 5, which this device has acted on (a rollback)",
                refusal(v4, expecting(5, acted)));
        byte[] other5 = UpdateManifestCodec.sign(manifest(DEVICE, 5, NOW.minusSeconds(1), Duration.ofDays(7)), updates);
        assertEquals("update manifest: version 5 again, with other content than the one this device acted on",
                refusal(other5, expecting(5, acted)));
    }

    @Test
    void indefiniteFreezeAnExpiredManifestIsRefusedAndOneFromTheFutureToo() {
        byte[] stale = UpdateManifestCodec.sign(manifest(DEVICE, 3, NOW.minus(Duration.ofDays(8)), Duration.ofDays(7)), updates);
        assertTrue(refusal(stale, expecting(0, null)).startsWith("update manifest: expired at 2026-11-25T12:00:00Z"));
        byte[] future = UpdateManifestCodec.sign(manifest(DEVICE, 3, NOW.plus(Duration.ofHours(1)), Duration.ofDays(7)), updates);
        assertTrue(refusal(future, expecting(0, null)).contains("in this device's future"));
    }

    @Test
    void endlessDataAnImageLargerThanAnyTheChipHoldsCannotBeNamed() {
        String payload = new String(UpdateManifestCodec.payload(manifest(DEVICE, 3, NOW, Duration.ofDays(7))), StandardCharsets.UTF_8)
                .replace("\"Length\":65536", "\"Length\":17179869184");
        SigningKeyEnvelope e = new SigningKeyEnvelope(payload.getBytes(StandardCharsets.UTF_8));
        assertTrue(refusal(e.signedBy(updates), expecting(0, null)).contains("an image's length must be 1..16777216 bytes"));
    }

    @Test
    void strictParsingUnknownAndDuplicateFieldsAndWrongTypesAreOneLine() {
        String good = new String(UpdateManifestCodec.payload(manifest(DEVICE, 3, NOW, Duration.ofDays(7))), StandardCharsets.UTF_8);
        String[][] cases = {
                {good.replace("\"Version\":3", "\"Version\":3,\"Version\":4"), "not JSON"},
                {good.replace("\"Version\":3", "\"Version\":\"3\""), "Version: missing or not an integer"},
                {good.replace("\"Type\":\"sphaera-update-manifest/1\"", "\"Type\":\"tuf\""), "Type is not"},
                {good.replace("{\"Type\"", "{\"Extra\":1,\"Type\""), "unknown field 'Extra'"},
                {good + " []", "not JSON"},
                {good.replace("\"Version\":3", "\"Version\":0"), "version is 1 or more"},
        };
        for (String[] c : cases) {
            String message = refusal(new SigningKeyEnvelope(c[0].getBytes(StandardCharsets.UTF_8)).signedBy(updates), expecting(0, null));
            assertTrue(message.contains(c[1]), c[1] + " in: " + message);
            assertFalse(message.contains("\n"), message);
        }
    }

    @Test
    void everyTruncationAndEveryFlippedByteOfAnEnvelopeIsRefusedOrReadsTheSame() throws Exception {
        UpdateManifest m = manifest(DEVICE, 3, NOW, Duration.ofDays(7));
        byte[] envelope = UpdateManifestCodec.sign(m, updates);
        for (int length = 0; length < envelope.length; length++) {
            byte[] cut = Arrays.copyOf(envelope, length);
            assertThrows(UpdateManifestException.class, () -> verifier.verify(cut, expecting(0, null)), "cut at " + length);
        }
        for (int at = 0; at < envelope.length; at++) {
            byte[] flipped = envelope.clone();
            flipped[at] ^= 0x01;
            try {
                assertEquals(m, verifier.verify(flipped, expecting(0, null)).manifest(), "flip at " + at);
            } catch (UpdateManifestException refused) {
                assertFalse(refused.getMessage().isBlank());
            }
        }
    }

    /** A payload written by hand, signed as the service would sign it. */
    private record SigningKeyEnvelope(byte[] payload) {
        byte[] signedBy(SigningKey key) {
            String json = "{\"Payload\":\"" + Base64.getEncoder().encodeToString(payload) + "\",\"Signatures\":[{\"KeyId\":\""
                    + key.id() + "\",\"Signature\":\"" + Base64.getEncoder().encodeToString(key.sign(payload, 0, payload.length))
                    + "\"}]}";
            return json.getBytes(StandardCharsets.UTF_8);
        }
    }

    @Test
    void anEnvelopeTooLargeIsNotRead() {
        byte[] huge = new byte[UpdateManifestCodec.MAX_ENVELOPE_BYTES + 1];
        assertTrue(refusal(huge, expecting(0, null)).contains("more than the"));
    }
}
