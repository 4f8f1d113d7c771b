package io.sphaera.emulator.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.fleet.FleetDevice;
import io.sphaera.emulator.network.DeviceCertificate;
import io.sphaera.emulator.network.DeviceTls;
import io.sphaera.emulator.network.ServiceConnection;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.firmware.signing.CertificateAuthority;
import io.sphaera.firmware.signing.CertifiedKey;
import io.sphaera.firmware.signing.SigningKey;
import io.sphaera.firmware.update.TargetImage;
import io.sphaera.firmware.update.UpdateAuthority;
import io.sphaera.firmware.update.UpdateManifest;
import io.sphaera.firmware.update.UpdateManifestCodec;
import io.sphaera.firmware.update.UpdatePhase;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.service.http.ServiceTls;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update-framework attacks played against a device's update agent by a hostile server that holds a TLS
 * certificate the device accepts but not the update CA's key: arbitrary software, mix-and-match, rollback, endless
 * data, a substituted image, and indefinite freeze. Each is refused, and the device keeps running what it had.
 */
class UpdateAttacksTest {
    @TempDir
    Path dir;

    /** Asks the real service for this device's manifest, as the device would: the genuine envelope. */
    private static byte[] genuineManifest(UpdateRig rig, FleetDevice d, DeviceCertificate certificate) throws Exception {
        var tls = DeviceTls.mutual(rig.workspace.vendor().root().certificateDer(), d.device().pluton(), certificate);
        try (ServiceConnection c = ServiceConnection.open(rig.loops, tls, rig.address()).get(10, TimeUnit.SECONDS)) {
            var reply = c.send(io.netty.handler.codec.http.HttpMethod.GET, UpdateClient.MANIFEST,
                    (com.fasterxml.jackson.databind.JsonNode) null, null).get(10, TimeUnit.SECONDS);
            assertEquals(200, reply.status(), reply::error);
            return reply.bytes();
        }
    }

    private static Map<String, String> shaById(byte[] envelope) throws Exception {
        UpdateManifest m = UpdateManifestCodec.manifest(UpdateManifestCodec.envelope(envelope).payload());
        Map<String, String> out = new java.util.HashMap<>();
        m.images(UpdatePhase.APPS).forEach(t -> out.put(t.imageId().toString(), t.sha256Hex()));
        return out;
    }

    /** Serves the service's stored bytes of the images this genuine manifest names, optionally altered. */
    private static void serveGenuineImages(UpdateRig rig, HostileUpdateServer hostile, byte[] envelope,
                                           java.util.function.UnaryOperator<byte[]> alter) throws Exception {
        Map<String, String> sha = shaById(envelope);
        hostile.serveImages((id, range) -> {
            String h = sha.get(id);
            if (h == null) {
                return new byte[0];
            }
            long size = rig.service.store().imagePath(h).map(p -> p.toFile().length()).orElse(0L);
            long to = Math.min(range[1], size - 1);
            return alter.apply(rig.service.store().readImageRange(h, range[0], (int) (to - range[0] + 1)));
        });
    }

    private static Optional<UUID> imageIn(FleetDevice d) throws Exception {
        var bytes = d.device().flash().appSlot(0).read();
        return bytes.isEmpty() ? Optional.empty() : Optional.of(ImagePackage.parse(bytes.get()).metadata().imageId());
    }

    private static UpdateAgent.Result check(UpdateRig rig, FleetDevice d) throws Exception {
        return rig.until(d.updates().checkNow(), Duration.ofMinutes(5));
    }

    @Test
    void eachAttackIsRefusedAndTheDeviceKeepsWhatItRuns() throws Exception {
        try (UpdateRig rig = new UpdateRig(dir, 64);
             HostileUpdateServer hostile = new HostileUpdateServer(rig.loops,
                     ServiceTls.server(rig.service.pki().tls(), rig.service.pki().root()))) {
            byte[] blink = UpdateRig.blink();
            UUID v1 = rig.upload(UpdateRig.app("Blink", UpdateRig.BLINK, "1.0", UpdateRig.BLINK_GPIOS, blink, 0));
            rig.deploy("Field Test", v1);
            FleetDevice a = rig.device("victim", "Field Test", FlashWriteGate.NONE, hostile.address());
            FleetDevice b = rig.device("bystander", "Field Test", FlashWriteGate.NONE);
            CompletableFuture<DeviceCertificate> certA = a.nextAttestation();
            CompletableFuture<DeviceCertificate> certB = b.nextAttestation();
            var firstA = a.updates().nextResult();
            var firstB = b.updates().nextResult();
            a.device().powerOn();
            b.device().powerOn();
            assertEquals(UpdateAgent.Result.REFUSED, rig.until(firstA, Duration.ofMinutes(5)).outcome(), "an empty answer is no manifest");
            assertEquals(UpdateAgent.Result.INSTALLED, rig.until(firstB, Duration.ofMinutes(5)).outcome());

            // Through the hostile channel, a genuine manifest and genuine bytes are taken: it is the signature that counts.
            byte[] genuine1 = genuineManifest(rig, a, certA.join());
            hostile.serveManifest(genuine1);
            serveGenuineImages(rig, hostile, genuine1, bytes -> bytes);
            assertEquals(UpdateAgent.Result.INSTALLED, check(rig, a).outcome());
            assertEquals(Optional.of(v1), imageIn(a));

            // Arbitrary software: the attacker's own "Sphaera Update CA" (a self-made root) signs a manifest naming its image.
            SigningKey attacker = SigningKey.generate(rig.randomness.forParty("attacker"));
            Instant now = rig.scheduler.clock().instant();
            CertificateAuthority fakeRoot = CertificateAuthority.selfSigned(attacker, "Sphaera Root CA", now.minusSeconds(60),
                    now.plus(Duration.ofDays(30)), BigInteger.ONE);
            CertificateAuthority fakeUpdateCa = fakeRoot.issueAuthority(attacker, UpdateAuthority.SERVICE_UPDATE_CA, now.minusSeconds(60),
                    now.plus(Duration.ofDays(30)), BigInteger.TWO);
            String idA = a.device().pluton().deviceId().hex();
            UpdateManifest forged = new UpdateManifest(idA, 1000, now, now.plus(Duration.ofDays(7)), Optional.of(UUID.nameUUIDFromBytes("forged deployment".getBytes())),
                    Map.of(UpdatePhase.APPS, List.of(new TargetImage(UUID.nameUUIDFromBytes("evil".getBytes()), UpdateRig.BLINK,
                            "Applications", "6.6.6", 1000, new byte[32]))));
            hostile.serveManifest(UpdateManifestCodec.sign(forged, new CertifiedKey(attacker, fakeUpdateCa.certificateDer())));
            UpdateAgent.Result r = check(rig, a);
            assertEquals(UpdateAgent.Result.REFUSED, r.outcome(), r::toString);
            assertTrue(r.detail().contains("not issued by this device's root"), r::toString);
            // ... and without the certificate, the attacker's key is simply not one the device trusts.
            hostile.serveManifest(UpdateManifestCodec.sign(forged, attacker));
            r = check(rig, a);
            assertEquals(UpdateAgent.Result.REFUSED, r.outcome(), r::toString);
            assertTrue(r.detail().contains("not signed by a key this device trusts"), r::toString);

            // Mix-and-match: another device's genuine manifest.
            hostile.serveManifest(genuineManifest(rig, b, certB.join()));
            r = check(rig, a);
            assertEquals(UpdateAgent.Result.REFUSED, r.outcome(), r::toString);
            assertTrue(r.detail().contains("not this one"), r::toString);

            // Rollback: once the device acted on version 2, the genuine version 1 is refused.
            UUID v2 = rig.upload(UpdateRig.app("Blink", UpdateRig.BLINK, "2.0", UpdateRig.BLINK_GPIOS, blink, 1000));
            rig.deploy("Field Test", v2);
            byte[] genuine2 = genuineManifest(rig, a, certA.join());
            hostile.serveManifest(genuine2);
            serveGenuineImages(rig, hostile, genuine2, bytes -> bytes);
            assertEquals(UpdateAgent.Result.INSTALLED, check(rig, a).outcome());
            assertEquals(Optional.of(v2), imageIn(a));
            hostile.serveManifest(genuine1);
            r = check(rig, a);
            assertEquals(UpdateAgent.Result.REFUSED, r.outcome(), r::toString);
            assertTrue(r.detail().contains("rollback"), r::toString);
            assertEquals(Optional.of(v2), imageIn(a));

            // Endless data: more bytes than the range asked for are not used.
            UUID v3 = rig.upload(UpdateRig.app("Blink", UpdateRig.BLINK, "3.0", UpdateRig.BLINK_GPIOS, blink, 2000));
            rig.deploy("Field Test", v3);
            byte[] genuine3 = genuineManifest(rig, a, certA.join());
            hostile.serveManifest(genuine3);
            serveGenuineImages(rig, hostile, genuine3, bytes -> Arrays.copyOf(bytes, bytes.length + 4096));
            r = check(rig, a);
            assertEquals(UpdateAgent.Result.UNREACHABLE, r.outcome(), r::toString);
            assertTrue(r.detail().contains("asked for"), r::toString);
            assertEquals(Optional.of(v2), imageIn(a));

            // A substituted image of the right length: its hash does not match; fetched again, then the update fails.
            serveGenuineImages(rig, hostile, genuine3, bytes -> {
                byte[] evil = bytes.clone();
                evil[evil.length / 2] ^= 1;
                return evil;
            });
            r = check(rig, a);
            assertEquals(UpdateAgent.Result.FAILED, r.outcome(), r::toString);
            assertTrue(r.detail().contains("SHA-256"), r::toString);
            assertEquals(Optional.of(v2), imageIn(a));
            rig.run(Duration.ofSeconds(1));
            assertEquals("running", rig.until(a.snapshot(), Duration.ZERO).app().state());
            a.device().powerOff();
            b.device().powerOff();
        }
    }

    @Test
    void aManifestPastItsExpiryIsRefusedIndefiniteFreeze() throws Exception {
        try (UpdateRig rig = new UpdateRig(dir, 65);
             HostileUpdateServer hostile = new HostileUpdateServer(rig.loops,
                     ServiceTls.server(rig.service.pki().tls(), rig.service.pki().root()))) {
            // A device without apps (in a group with no deployment), so that a week of its time passes quickly.
            FleetDevice c = rig.device("frozen", "Production", FlashWriteGate.NONE, hostile.address());
            CompletableFuture<DeviceCertificate> cert = c.nextAttestation();
            var first = c.updates().nextResult();
            c.device().powerOn();
            rig.until(first, Duration.ofMinutes(5));
            byte[] genuine = genuineManifest(rig, c, cert.join());
            hostile.serveManifest(genuine);
            assertEquals(UpdateAgent.Result.UP_TO_DATE, check(rig, c).outcome());
            // The hostile server keeps answering with that manifest while the service has moved on: after 7 days it
            // has expired, and the device says so instead of taking it as current.
            rig.run(Duration.ofDays(7).plusHours(1));
            UpdateAgent.Result r = check(rig, c);
            assertEquals(UpdateAgent.Result.REFUSED, r.outcome(), r::toString);
            assertTrue(r.detail().contains("expired"), r::toString);
            c.device().powerOff();
        }
    }
}
