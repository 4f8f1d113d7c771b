package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.sim.VirtualTimeScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** System events between the update agent and an app: registration, notifications, deferral within its bounds. */
class SysEventAppTest {
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private final VirtualTimeScheduler scheduler = TestApps.scheduler(T0);
    private final SystemEvents events = new SystemEvents(scheduler.clock());
    private final List<String> refusals = new ArrayList<>();
    private final AppLog log = new AppLog();

    private CompletableFuture<AppOutcome> start(boolean notifications, boolean deferral) throws Exception {
        HighLevelApp app = new HighLevelApp("sysevents", TestApps.wasm("sysevents"), log, Applibs.combine(List.of(
                Applibs.logOnly(log), SysEventApplibs.group(events, notifications, deferral, refusals::add))),
                scheduler.clock(), new SplittableRandom(1));
        AtomicReference<CompletableFuture<AppOutcome>> outcome = new AtomicReference<>();
        scheduler.execute(() -> outcome.set(app.start(scheduler)));
        scheduler.runReady();
        return outcome.get();
    }

    @Test
    void anAppIsToldOfAnUpdateDefersItWithinItsBoundsAndHearsTheRest() throws Exception {
        CompletableFuture<AppOutcome> outcome = start(true, true);
        scheduler.schedule(() -> events.updateReady(SystemEvents.UPDATE_TYPE_SYSTEM, Duration.ofHours(24)), 1, TimeUnit.SECONDS);
        scheduler.advanceBy(Duration.ofSeconds(2));
        assertEquals(Optional.of(T0.plusSeconds(1).plus(Duration.ofMinutes(10))), events.deferredUntil(),
                "the agent sees the deferral, counted from when the app asked");
        scheduler.schedule(events::updateStarted, 20, TimeUnit.MINUTES);
        scheduler.schedule(events::noUpdateAvailable, 21, TimeUnit.MINUTES);
        scheduler.advanceBy(Duration.ofMinutes(22));
        assertEquals(AppOutcome.exited(0), outcome.getNow(null));
        assertEquals(List.of(
                "defer with nothing pending: Invalid argument",
                "register again: File exists",
                "event 1 status 1 max 1440 type 2",
                "defer 10 min: ok",
                "event 1 status 3 max 1440 type 2", // deferred at once: all of the 24 h is left
                "event 2 status 2 max 0 type 2",
                "event 4 status 2 max 0 type 0 (no update data)",
                "done"), log.lines());
        assertEquals(Optional.empty(), events.deferredUntil());
    }

    @Test
    void onADeviceTheRuntimeGivesTheAppTheDevicesSystemEventsByItsManifest(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        TestDevice t = TestDevice.make(dir, scheduler, 84);
        var device = t.device();
        t.install(0, "SysEvents", java.util.UUID.fromString("9d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"),
                "{\"SystemEventNotifications\": true, \"SoftwareUpdateDeferral\": true}", false, List.of(),
                TestApps.wasm("sysevents"));
        A7Runtime runtime = new A7Runtime(device, new io.sphaera.peripherals.Mt3620Peripherals(), log, line -> { });
        device.run(runtime);
        device.powerOn();
        scheduler.advanceBy(Duration.ofSeconds(1));
        runtime.systemEvents().updateReady(SystemEvents.UPDATE_TYPE_APP, Duration.ofMinutes(30));
        scheduler.advanceBy(Duration.ofSeconds(1));
        assertTrue(runtime.systemEvents().deferredUntil().isPresent(), log.lines()::toString);
        assertEquals(List.of("defer with nothing pending: Invalid argument", "register again: File exists",
                "event 1 status 1 max 30 type 1", "defer 10 min: ok", "event 1 status 3 max 30 type 1"), log.lines());
    }

    @Test
    void aDeferralIsCutToWhatIsLeftOfTheUpdatesLongestDeferral() {
        events.register(SystemEvents.UPDATE_READY_FOR_INSTALL, () -> { });
        events.updateReady(SystemEvents.UPDATE_TYPE_SYSTEM, Duration.ofHours(24));
        scheduler.advanceBy(Duration.ofHours(20));
        assertTrue(events.defer(10_000));
        assertEquals(Optional.of(T0.plus(Duration.ofHours(24))), events.deferredUntil(), "never past 24 h from when it was learned");
        scheduler.advanceBy(Duration.ofHours(4));
        assertEquals(Optional.empty(), events.deferredUntil(), "the deferral ran out");
        assertTrue(events.resume());
    }

    @Test
    void withoutTheCapabilitiesRegistrationAndDeferralAreEaccesAndNoted() throws Exception {
        CompletableFuture<AppOutcome> outcome = start(false, false);
        scheduler.runReady();
        assertEquals(AppOutcome.exited(1), outcome.getNow(null));
        assertEquals(List.of("defer with nothing pending: Permission denied", "register: Permission denied"), log.lines());
        assertEquals(2, refusals.size(), refusals::toString);
    }
}
