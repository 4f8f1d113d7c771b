package io.sphaera.emulator.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.device.Mt3620Flash;
import io.sphaera.emulator.fleet.FleetDevice;
import io.sphaera.firmware.image.ImagePackage;
import io.sphaera.peripherals.flash.NorFlash;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The power-cut proof for app updates: a device on v1 takes v2, with the power cut before each flash write of the
 * update in turn, and torn in the middle of a page at each; after the power returns every run ends with the device on
 * v2, committed, its app verified and running, and no slot holding torn bytes.
 */
class AppUpdatePowerCutTest {
    @TempDir
    Path dir;

    @Test
    void everyWriteOfAnAppUpdateCanBeCutOrTornAndTheDeviceEndsOnTheNewAppsVerified() throws Exception {
        try (UpdateRig rig = new UpdateRig(dir, 62)) {
            byte[] blink = UpdateRig.blink();
            UUID v1 = rig.upload(UpdateRig.app("Blink", UpdateRig.BLINK, "1.0", UpdateRig.BLINK_GPIOS, blink, 0));
            rig.deploy("Field Test", v1);
            PowerFailure none = PowerFailure.never();
            FleetDevice original = rig.device("cut", "Field Test", none);
            CompletableFuture<UpdateAgent.Result> first = original.updates().nextResult();
            original.device().powerOn();
            assertEquals(UpdateAgent.Result.INSTALLED, rig.until(first, Duration.ofMinutes(5)).outcome());
            rig.run(Duration.ofSeconds(1));
            original.device().powerOff();
            rig.run(Duration.ofSeconds(1));
            NorFlash onV1 = original.device().nor();

            UUID v2 = rig.upload(UpdateRig.app("Blink", UpdateRig.BLINK, "2.0", UpdateRig.BLINK_GPIOS, blink, 100_000));
            rig.deploy("Field Test", v2);

            // One run without a cut counts the writes the update makes, from power-on to its report.
            NorFlash probeFlash = NorFlash.inMemoryCopyOf(onV1, PowerFailure.never());
            FleetDevice probe = rig.deviceOn(probeFlash, "cut");
            CompletableFuture<UpdateAgent.Result> probed = probe.updates().nextResult();
            probe.device().powerOn();
            assertEquals(UpdateAgent.Result.INSTALLED, rig.until(probed, Duration.ofMinutes(5)).outcome());
            rig.run(Duration.ofSeconds(1));
            probe.device().powerOff();
            rig.run(Duration.ofSeconds(1));
            long writes = probeFlash.writeCount();
            assertTrue(writes > 10, "the update wrote " + writes + " times");

            List<String> tried = new ArrayList<>();
            for (long w = 0; w < writes; w++) {
                for (PowerFailure cut : List.of(PowerFailure.before(w), PowerFailure.tear(w, 2048))) {
                    tried.add(cut.toString());
                    runWithCut(rig, onV1, cut, v2);
                }
            }
            System.out.println("AppUpdatePowerCutTest: " + tried.size() + " cut points tried over " + writes
                    + " flash writes of a v1 -> v2 app update; every run ended on v2, verified");
        }
    }

    private static void runWithCut(UpdateRig rig, NorFlash onV1, PowerFailure cut, UUID v2) throws Exception {
        NorFlash flash = NorFlash.inMemoryCopyOf(onV1, cut);
        FleetDevice d = rig.deviceOn(flash, "cut");
        CompletableFuture<UpdateAgent.Result> settled = d.updates().nextResult();
        d.device().powerOn();
        rig.until(() -> settled.isDone() || cut.fired(), Duration.ofMinutes(5));
        if (cut.fired()) {
            d.device().powerOff();
            rig.run(Duration.ofSeconds(1));
            cut.restore();
            d = rig.deviceOn(flash, "cut"); // RAM is gone: a fresh OS and agent on the same flash
            CompletableFuture<UpdateAgent.Result> after = d.updates().nextResult();
            d.device().powerOn();
            UpdateAgent.Result r = rig.until(after, Duration.ofMinutes(5));
            if (r.outcome().equals(UpdateAgent.Result.UNREACHABLE)) {
                r = rig.until(d.updates().checkNow(), Duration.ofMinutes(5));
            }
            assertTrue(r.outcome().equals(UpdateAgent.Result.INSTALLED) || r.outcome().equals(UpdateAgent.Result.UP_TO_DATE),
                    cut + ": " + r + "\n" + String.join("\n", d.osLog()));
        }
        rig.run(Duration.ofSeconds(2));
        FleetDevice end = d;
        assertEquals(Optional.of(v2), imageIn(end, 0), cut + ": the device ends on v2\n" + String.join("\n", end.osLog()));
        for (int s = 1; s < Mt3620Flash.APP_SLOTS; s++) {
            assertTrue(end.device().flash().appSlot(s).isEmpty(), cut + ": slot " + s + " is empty");
        }
        assertEquals(Optional.empty(), end.device().pluton().applicationRefusal(ImagePackage.parse(
                end.device().flash().appSlot(0).read().orElseThrow())), cut + ": the app verifies");
        assertEquals(UpdateStep.IDLE, end.updates().journal().step(), cut.toString());
        assertEquals("running", rig.until(end.snapshot(), Duration.ZERO).app().state(), cut + "\n" + String.join("\n", end.osLog()));
        end.device().powerOff();
        rig.run(Duration.ofMillis(10));
    }

    private static Optional<UUID> imageIn(FleetDevice d, int slot) throws Exception {
        var bytes = d.device().flash().appSlot(slot).read();
        return bytes.isEmpty() ? Optional.empty() : Optional.of(ImagePackage.parse(bytes.get()).metadata().imageId());
    }
}
