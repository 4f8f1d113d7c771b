package io.sphaera.emulator.update;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sphaera.emulator.fleet.FleetDevice;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.boot.BootOutcome;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.fuse.AntiRollbackCounter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The power-cut proof for OS updates: a device on 25.02 takes 25.05 (a RetailEval group), with the power cut before
 * each flash write of the update in turn (the e-fuse burns of the commit included) and torn mid-page at each; after
 * the power returns every run ends booted — never in recovery — on 25.05, verified and committed.
 */
class OsUpdatePowerCutTest {
    @TempDir
    Path dir;

    @Test
    void everyWriteOfAnOsUpdateCanBeCutOrTornAndTheDeviceEndsOnTheNewReleaseCommitted() throws Exception {
        try (UpdateRig rig = new UpdateRig(dir, 67, Map.of("25.05", 2L))) {
            FleetDevice factoryNew = rig.device("os-cut", "Field Test OS Evaluation", PowerFailure.never());
            NorFlash before = NorFlash.inMemoryCopyOf(factoryNew.device().nor(), PowerFailure.never());
            List<String> tried = PowerCutRuns.everyWrite(rig, before, "os-cut", (d, cut) -> {
                var boot = d.device().pluton().lastBoot().orElseThrow();
                assertEquals(BootOutcome.BOOTED, boot.outcome(), cut + ": " + boot + "\n" + String.join("\n", d.osLog()));
                assertEquals("25.05", boot.osVersion().orElse("?"), cut + "\n" + String.join("\n", d.osLog()));
                assertEquals(2, d.device().pluton().counter(AntiRollbackCounter.OS), cut + ": committed");
                for (BootStage stage : BootStage.values()) {
                    assertEquals(2, d.device().pluton().counter(stage.counter()), cut + ": " + stage + " committed");
                }
                assertEquals(UpdateStep.IDLE, d.updates().journal().step(), cut.toString());
            });
            System.out.println("OsUpdatePowerCutTest: " + tried.size() + " cut points tried over " + tried.size() / 2
                    + " flash writes of a 25.02 -> 25.05 OS update; every run ended booted on 25.05, committed");
        }
    }
}
