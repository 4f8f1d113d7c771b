package io.sphaera.emulator.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.fleet.FleetDevice;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.pluton.boot.BootOutcome;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.fuse.AntiRollbackCounter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OS phase: a new release reaches a RetailEval group's device at once and a Retail group's 14 days later; the
 * device writes it into the slots not in force, reboots into it, and commits it by raising the anti-rollback counters.
 */
class OsUpdateTest {
    @TempDir
    Path dir;

    private static String osInForce(FleetDevice d) throws Exception {
        return d.device().pluton().lastBoot().orElseThrow().osVersion().orElse("?");
    }

    @Test
    void aReleaseReachesRetailEvalAtOnceAndRetailTwoWeeksLaterAndIsCommittedAfterItBoots() throws Exception {
        try (UpdateRig rig = new UpdateRig(dir, 66, Map.of("25.05", 2L))) {
            FleetDevice eval = rig.device("eval", "Field Test OS Evaluation", FlashWriteGate.NONE);
            FleetDevice retail = rig.device("retail", "Field Test", FlashWriteGate.NONE);
            var evalFirst = eval.updates().nextResult();
            var retailFirst = retail.updates().nextResult();
            eval.device().powerOn();
            retail.device().powerOn();
            UpdateAgent.Result r = rig.until(evalFirst, Duration.ofMinutes(10));
            assertEquals(UpdateAgent.Result.INSTALLED, r.outcome(), () -> r + "\n" + String.join("\n", eval.osLog()));
            assertEquals("25.05", osInForce(eval));
            assertEquals(BootOutcome.BOOTED, eval.device().pluton().lastBoot().orElseThrow().outcome());
            assertEquals(2, eval.device().pluton().counter(AntiRollbackCounter.OS), "committed: the OS counter rose");
            assertEquals(io.sphaera.pluton.boot.Slot.B, eval.device().pluton().bootSelection().slotOf(BootStage.OS));
            UpdateAgent.Result retailNow = rig.until(retailFirst, Duration.ofMinutes(10));
            assertEquals(UpdateAgent.Result.UP_TO_DATE, retailNow.outcome(), retailNow::toString);
            assertEquals("25.02", osInForce(retail), "Retail gets the release two weeks after RetailEval");

            // Both devices are idle (no apps), so two weeks of their time pass quickly; their 20-hour checks go on.
            retail.device().powerOff();
            eval.device().powerOff();
            rig.run(Duration.ofDays(14).plusHours(1));
            var later = retail.updates().nextResult();
            retail.device().powerOn();
            UpdateAgent.Result retailLater = rig.until(later, Duration.ofMinutes(10));
            assertEquals(UpdateAgent.Result.INSTALLED, retailLater.outcome(), () -> retailLater + "\n" + String.join("\n", retail.osLog()));
            assertEquals("25.05", osInForce(retail));
            assertEquals(2, retail.device().pluton().counter(AntiRollbackCounter.OS));
            UpdateAgent.Result settled = rig.until(retail.updates().checkNow(), Duration.ofMinutes(10));
            assertEquals(UpdateAgent.Result.UP_TO_DATE, settled.outcome(), settled::toString);
            assertTrue(retail.osLog().stream().anyMatch(l -> l.contains("committed OS 25.05")), String.join("\n", retail.osLog()));
            retail.device().powerOff();
        }
    }

    @Test
    void aNewTrustedKeyStoreAndCertificateStoreAreInstalledFirstThenTheOsFollows() throws Exception {
        try (UpdateRig rig = new UpdateRig(dir, 68, Map.of("25.05", 2L), 2)) {
            FleetDevice d = rig.device("prereq", "Field Test OS Evaluation", FlashWriteGate.NONE);
            var first = d.updates().nextResult();
            d.device().powerOn();
            UpdateAgent.Result keys = rig.until(first, Duration.ofMinutes(10));
            assertEquals(UpdateAgent.Result.INSTALLED, keys.outcome(), () -> keys + "\n" + String.join("\n", d.osLog()));
            assertTrue(keys.detail().startsWith("trusted key store"), keys::toString);
            assertEquals(2, d.device().pluton().counter(AntiRollbackCounter.TRUSTED_KEY_STORE), "the store's counter rose");
            assertTrue(keys.detail().contains("certificate store"), keys::toString);
            assertEquals(java.util.Arrays.toString(rig.certificateStore()),
                    java.util.Arrays.toString(d.device().flash().certificateStore().read().orElseThrow()), "the certificate store is kept");
            UpdateAgent.Result os = rig.until(d.updates().nextResult(), Duration.ofMinutes(10));
            assertEquals(UpdateAgent.Result.INSTALLED, os.outcome(), () -> os + "\n" + String.join("\n", d.osLog()));
            assertEquals("25.05", osInForce(d));
            UpdateAgent.Result settled = rig.until(d.updates().checkNow(), Duration.ofMinutes(10));
            assertEquals(UpdateAgent.Result.UP_TO_DATE, settled.outcome(), settled::toString);
            d.device().powerOff();
        }
    }

    private static java.util.Optional<java.util.UUID> app(FleetDevice d) throws Exception {
        var bytes = d.device().flash().appSlot(0).read();
        return bytes.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(io.sphaera.firmware.image.ImagePackage.parse(bytes.get()).metadata().imageId());
    }

    @Test
    void appsRollBackToThoseOfTheLastOsUpdateAndAnOsThatFallsBackTakesLaterAppsWithIt() throws Exception {
        // 25.05 keeps security version 1, so that 25.02 may still boot when 25.05's slot is damaged (with 2, the
        // committed counters would refuse it and the device would be in recovery: anti-rollback at work).
        try (UpdateRig rig = new UpdateRig(dir, 69, Map.of("25.05", 1L))) {
            byte[] blink = UpdateRig.blink();
            var v1 = rig.upload(UpdateRig.app("Blink", UpdateRig.BLINK, "1.0", UpdateRig.BLINK_GPIOS, blink, 0));
            rig.deploy("Field Test OS Evaluation", v1);
            FleetDevice d = rig.device("paired", "Field Test OS Evaluation", FlashWriteGate.NONE);
            d.device().flash().appSlot(0).write(signed(rig, UpdateRig.app("Blink", UpdateRig.BLINK, "0.9", UpdateRig.BLINK_GPIOS, blink, 3)));
            var first = d.updates().nextResult();
            d.device().powerOn();
            // The OS first (25.05, committed with blink 0.9 paired to it), then the apps phase installs v1.
            assertEquals(UpdateAgent.Result.INSTALLED, rig.until(first, Duration.ofMinutes(10)).outcome());
            assertEquals("25.05", osInForce(d));
            UpdateAgent.Result apps = rig.until(d.updates().nextResult(), Duration.ofMinutes(10));
            assertEquals(UpdateAgent.Result.INSTALLED, apps.outcome(), () -> apps + "\n" + String.join("\n", d.osLog()));
            assertEquals(java.util.Optional.of(v1), app(d));

            // A bad v2 rolls back to the apps of the last OS update: blink 0.9, not v1.
            var v2 = rig.upload(UpdateRig.app("Blink", UpdateRig.BLINK, "2.0", "{}", blink, 0));
            rig.deploy("Field Test OS Evaluation", v2);
            UpdateAgent.Result bad = rig.until(d.updates().checkNow(), Duration.ofMinutes(10));
            assertEquals(UpdateAgent.Result.ROLLED_BACK, bad.outcome(), () -> bad + "\n" + String.join("\n", d.osLog()));
            var paired = app(d).orElseThrow();
            assertTrue(!paired.equals(v1) && !paired.equals(v2), "the factory's blink 0.9 is back");

            // v3 is taken; then the 25.05 OS slot is damaged and the device reboots: Pluton falls back to 25.02, and
            // the apps fall back with it to those that ran with that OS.
            var v3 = rig.upload(UpdateRig.app("Blink", UpdateRig.BLINK, "3.0", UpdateRig.BLINK_GPIOS, blink, 0));
            rig.deploy("Field Test OS Evaluation", v3);
            assertEquals(UpdateAgent.Result.INSTALLED, rig.until(d.updates().checkNow(), Duration.ofMinutes(10)).outcome());
            assertEquals(java.util.Optional.of(v3), app(d));
            d.device().powerOff();
            rig.run(Duration.ofSeconds(1));
            var slot = d.device().flash().partition("os-b");
            slot.erase(0, io.sphaera.peripherals.flash.NorFlash.SECTOR_SIZE);
            d.device().powerOn();
            rig.run(Duration.ofSeconds(20));
            assertEquals(BootOutcome.ROLLED_BACK, d.device().pluton().lastBoot().orElseThrow().outcome());
            assertEquals("25.02", osInForce(d));
            assertEquals(java.util.Optional.of(paired), app(d), "v3 went with the OS it was installed under:\n"
                    + String.join("\n", d.osLog()));
            d.device().powerOff();
        }
    }

    /** The factory's copy of an app: production-signed, as a factory installs it. */
    private static byte[] signed(UpdateRig rig, byte[] app) throws Exception {
        return io.sphaera.firmware.image.ImagePackageBuilder.from(io.sphaera.firmware.image.ImagePackage.parse(app))
                .sign(rig.workspace.vendor().productionImagesKey());
    }

    @Test
    void anAppWithSoftwareUpdateDeferralHoldsAnOsUpdateBack() throws Exception {
        try (UpdateRig rig = new UpdateRig(dir, 70, Map.of("25.05", 2L))) {
            byte[] sysevents = java.nio.file.Files.readAllBytes(UpdateRig.root().resolve("target/test-apps/sysevents/bin/app"));
            String caps = "{\"SystemEventNotifications\": true, \"SoftwareUpdateDeferral\": true}";
            FleetDevice d = rig.device("os-deferral", "Field Test OS Evaluation", FlashWriteGate.NONE);
            d.device().flash().appSlot(0).write(signed(rig, UpdateRig.app("Deferrer", java.util.UUID.nameUUIDFromBytes(
                    "os deferrer".getBytes()), "1.0", caps, sysevents, 0)));
            var first = d.updates().nextResult();
            java.time.Instant start = rig.scheduler.clock().instant();
            d.device().powerOn();
            UpdateAgent.Result deferred = rig.until(first, Duration.ofMinutes(10));
            assertEquals(UpdateAgent.Result.DEFERRED, deferred.outcome(), () -> deferred + "\n" + String.join("\n", d.osLog()));
            assertEquals("25.02", osInForce(d), "nothing is installed while the app defers");
            UpdateAgent.Result installed = rig.until(d.updates().nextResult(), Duration.ofHours(1));
            assertEquals(UpdateAgent.Result.INSTALLED, installed.outcome(), () -> installed + "\n" + String.join("\n", d.osLog()));
            assertEquals("25.05", osInForce(d));
            assertTrue(!rig.scheduler.clock().instant().isBefore(start.plus(Duration.ofMinutes(10))),
                    "the OS went in only after the app's 10-minute deferral");
            d.device().powerOff();
        }
    }
}
