package io.sphaera.emulator.update;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.fleet.FleetDevice;
import io.sphaera.peripherals.flash.NorFlash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The power-cut proof's loop: an update run once without a cut counts its flash writes; then, on a copy of the same
 * flash each time, the power is cut before each write in turn and each write is torn after 2,048 bytes (mid-page);
 * after the power returns the device must settle, and the test's check must hold of it.
 */
final class PowerCutRuns {
    /** What must hold of a device once its update has settled after the power returned. */
    interface Check {
        void after(FleetDevice device, PowerFailure cut) throws Exception;
    }

    private PowerCutRuns() {
    }

    /** @return the cut points tried, one line each */
    static List<String> everyWrite(UpdateRig rig, NorFlash before, String party, Check check) throws Exception {
        NorFlash probeFlash = NorFlash.inMemoryCopyOf(before, PowerFailure.never());
        FleetDevice probe = rig.deviceOn(probeFlash, party);
        CompletableFuture<UpdateAgent.Result> probed = probe.updates().nextResult();
        probe.device().powerOn();
        UpdateAgent.Result r = rig.until(probed, Duration.ofMinutes(5));
        assertTrue(r.outcome().equals(UpdateAgent.Result.INSTALLED), "the run without a cut: " + r);
        rig.run(Duration.ofSeconds(1));
        check.after(probe, PowerFailure.never());
        probe.device().powerOff();
        rig.run(Duration.ofSeconds(1));
        long writes = probeFlash.writeCount();
        assertTrue(writes > 10, "the update wrote " + writes + " times");
        List<String> tried = new ArrayList<>();
        for (long w = 0; w < writes; w++) {
            for (PowerFailure cut : List.of(PowerFailure.before(w), PowerFailure.tear(w, 2048))) {
                tried.add(cut.toString());
                run(rig, before, party, cut, check);
            }
        }
        return tried;
    }

    private static void run(UpdateRig rig, NorFlash before, String party, PowerFailure cut, Check check) throws Exception {
        NorFlash flash = NorFlash.inMemoryCopyOf(before, cut);
        FleetDevice d = rig.deviceOn(flash, party);
        CompletableFuture<UpdateAgent.Result> settled = d.updates().nextResult();
        d.device().powerOn();
        rig.until(() -> settled.isDone() || cut.fired(), Duration.ofMinutes(5));
        if (!cut.fired()) {
            // The last writes (the journal's note that the report was delivered) may come after the result, so the
            // cut may still fire: wait for them before judging.
            rig.run(Duration.ofSeconds(2));
        }
        if (cut.fired()) {
            d.device().powerOff();
            rig.run(Duration.ofSeconds(1));
            cut.restore();
            d = rig.deviceOn(flash, party); // RAM is gone: a fresh OS and agent on the same flash
            CompletableFuture<UpdateAgent.Result> after = d.updates().nextResult();
            d.device().powerOn();
            UpdateAgent.Result r = rig.until(after, Duration.ofMinutes(5));
            if (!r.outcome().equals(UpdateAgent.Result.INSTALLED) && !r.outcome().equals(UpdateAgent.Result.UP_TO_DATE)) {
                r = rig.until(d.updates().checkNow(), Duration.ofMinutes(5)); // e.g. the boot's check ran before a resumed install
            }
            UpdateAgent.Result settledAfter = r;
            FleetDevice now = d;
            assertTrue(r.outcome().equals(UpdateAgent.Result.INSTALLED) || r.outcome().equals(UpdateAgent.Result.UP_TO_DATE),
                    () -> cut + ": " + settledAfter + "\n" + String.join("\n", now.osLog()));
            rig.run(Duration.ofSeconds(2));
        }
        check.after(d, cut);
        d.device().powerOff();
        rig.run(Duration.ofMillis(10));
    }
}
