package io.sphaera.emulator.update;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.device.Mt3620Flash;
import io.sphaera.emulator.fleet.FleetDevice;
import io.sphaera.firmware.image.ImagePackage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The power-cut proof for app updates: a device on v1 takes v2, with the power cut before each flash write of the
 * update in turn, and torn in the middle of a page at each; after the power returns every run ends with the device on
 * v2, committed, its app verified and running, and no other slot holding bytes.
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
            FleetDevice original = rig.device("cut", "Field Test", PowerFailure.never());
            CompletableFuture<UpdateAgent.Result> first = original.updates().nextResult();
            original.device().powerOn();
            assertEquals(UpdateAgent.Result.INSTALLED, rig.until(first, Duration.ofMinutes(5)).outcome());
            rig.run(Duration.ofSeconds(1));
            original.device().powerOff();
            rig.run(Duration.ofSeconds(1));

            UUID v2 = rig.upload(UpdateRig.app("Blink", UpdateRig.BLINK, "2.0", UpdateRig.BLINK_GPIOS, blink, 100_000));
            rig.deploy("Field Test", v2);
            List<String> tried = PowerCutRuns.everyWrite(rig, original.device().nor(), "cut", (d, cut) -> {
                assertEquals(Optional.of(v2), imageIn(d, 0), cut + ": the device ends on v2\n" + String.join("\n", d.osLog()));
                for (int s = 1; s < Mt3620Flash.APP_SLOTS; s++) {
                    assertTrue(d.device().flash().appSlot(s).isEmpty(), cut + ": slot " + s + " is empty");
                }
                assertEquals(Optional.empty(), d.device().pluton().applicationRefusal(ImagePackage.parse(
                        d.device().flash().appSlot(0).read().orElseThrow())), cut + ": the app verifies");
                assertEquals(UpdateStep.IDLE, d.updates().journal().step(), cut.toString());
                assertEquals("running", rig.until(d.snapshot(), Duration.ZERO).app().state(), cut + "\n" + String.join("\n", d.osLog()));
            });
            System.out.println("AppUpdatePowerCutTest: " + tried.size() + " cut points tried over " + tried.size() / 2
                    + " flash writes of a v1 -> v2 app update; every run ended on v2, verified");
        }
    }

    private static Optional<UUID> imageIn(FleetDevice d, int slot) throws Exception {
        var bytes = d.device().flash().appSlot(slot).read();
        return bytes.isEmpty() ? Optional.empty() : Optional.of(ImagePackage.parse(bytes.get()).metadata().imageId());
    }
}
