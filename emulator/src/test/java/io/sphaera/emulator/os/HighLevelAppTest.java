package io.sphaera.emulator.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.HostFunction;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** C apps built with clang for wasm32 run in the sandbox: their logs, exit codes, crashes and memory limit. */
class HighLevelAppTest {
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private final io.sphaera.emulator.sim.VirtualTimeScheduler scheduler = TestApps.scheduler(T0);
    private final InstantSource CLOCK = scheduler.clock();

    private HighLevelApp app(String name, AppLog log) throws Exception {
        return new HighLevelApp(name, TestApps.wasm(name), log, Applibs.logOnly(log), CLOCK, new SplittableRandom(1));
    }

    private AppOutcome run(HighLevelApp app) {
        return TestApps.runToEnd(app, scheduler);
    }

    @Test
    void anAppWritesItsLogThreeWaysAndItsExitCodeIsKept() throws Exception {
        List<String> seen = new ArrayList<>();
        AppLog log = new AppLog(seen::add);
        AppOutcome outcome = run(app("hello", log));
        assertEquals(AppOutcome.exited(3), outcome);
        assertEquals(List.of("hello from hello", "to stderr", "Log_Debug 42 works",
                "the time is " + T0.getEpochSecond(), "no newline at the end"), log.lines());
        assertEquals(log.lines(), seen, "each line reaches the listener as it is written");
    }

    @Test
    void aTrapIsACrashNotAnExit() throws Exception {
        AppLog log = new AppLog();
        AppOutcome outcome = run(app("crash", log));
        assertTrue(outcome.crashed(), outcome::toString);
        assertEquals(Optional.empty(), outcome.exitCode());
        assertEquals(List.of("about to crash"), log.lines());
    }

    @Test
    void anAppThatNeedsMoreThan256KiBFromTheStartIsRefused() {
        AppLoadException e = assertThrows(AppLoadException.class, () -> app("greedy", new AppLog()));
        assertTrue(e.getMessage().contains("an app has 256 KiB"), e.getMessage());
    }

    @Test
    void memoryGrowsUpTo256KiBAndNoFurther() throws Exception {
        AppLog log = new AppLog();
        assertEquals(AppOutcome.exited(0), run(app("grow", log)));
        assertEquals(List.of("64 KiB: yes", "300 KiB more: no"), log.lines());
    }

    @Test
    void theEventLoopRunsTimersOnTheDevicesTime() throws Exception {
        AppLog log = new AppLog();
        assertEquals(AppOutcome.exited(0), run(app("timers", log)));
        assertEquals(List.of(
                "read before expiry: EAGAIN",
                "register again: EEXIST",
                "100 ms: tick 1 (1)",
                "200 ms: tick 2 (1)",
                "300 ms: tick 3 (1)",
                "350 ms: done",
                "350 ms: loop ended 0 after 3 ticks",
                "400 ms: tick 4 (1)", // the one event, from its callback, before Run returns Finished (0)
                "one more event within 1 s: 0",
                "400 ms: nothing within 50 ms: 1"), log.lines()); // FinishedEmpty: no event came
    }

    @Test
    void anAppThatNeverBlocksStillGivesTheDeviceItsTurnsAndItsTimePasses() throws Exception {
        List<String> transcript = runSpinnerFor(java.time.Duration.ofMillis(5));
        // The device's own task at 1 ms ran while the app computed its first round (700,000 instructions: 1.4 ms of
        // the A7's time), and the app went on after it.
        assertEquals(List.of("device task at 1 ms", "round 1 at 400001400 us", "round 2 at 400002800 us",
                "round 3 at 400004200 us"), transcript);
        assertEquals(transcript, runSpinnerFor(java.time.Duration.ofMillis(5)), "a spinning app replays exactly");
    }

    private List<String> runSpinnerFor(java.time.Duration span) throws Exception {
        var sched = TestApps.scheduler(T0);
        List<String> transcript = new ArrayList<>();
        AppLog log = new AppLog(transcript::add);
        HighLevelApp spinner = new HighLevelApp("spinner", TestApps.wasm("spinner"), log, Applibs.logOnly(log),
                sched.clock(), new SplittableRandom(1));
        var outcome = new java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<AppOutcome>>();
        sched.execute(() -> outcome.set(spinner.start(sched)));
        sched.schedule(() -> transcript.add("device task at 1 ms"), 1, java.util.concurrent.TimeUnit.MILLISECONDS);
        sched.advanceBy(span);
        assertEquals(T0.plus(span), sched.clock().instant());
        assertTrue(transcript.size() > 3, "the app ran rounds: " + transcript);
        sched.execute(spinner::stop);
        sched.runReady();
        assertTrue(outcome.get().isDone() && outcome.get().join().crashed(), "stop ends a spinning app");
        return transcript;
    }

    @Test
    void aPollWithAnEndlessAndATenMillisecondClockWakesAfterTenWithThatOneEvent() throws Exception {
        AppLog log = new AppLog();
        assertEquals(AppOutcome.exited(0), run(app("forever", log)));
        assertEquals(List.of("poll: 0, 1 event(s), first 2, after 10000 us"), log.lines());
    }

    @Test
    void bytesThatAreNotWebAssemblyAreRefused() {
        byte[] notWasm = "#!/bin/sh\necho hi\n".getBytes();
        AppLoadException e = assertThrows(AppLoadException.class,
                () -> new HighLevelApp("script", notWasm, new AppLog(), (descriptors, waits) -> List.of(), CLOCK, new SplittableRandom(1)));
        assertTrue(e.getMessage().startsWith("script: not a WebAssembly module"), e.getMessage());
    }

    @Test
    void everyTruncationOfAnAppIsRefusedOrRunsNothingUnexpected() throws Exception {
        byte[] wasm = TestApps.wasm("crash");
        for (int cut = 0; cut < wasm.length; cut += Math.max(1, wasm.length / 200)) {
            byte[] part = java.util.Arrays.copyOf(wasm, cut);
            assertThrows(AppLoadException.class,
                    () -> new HighLevelApp("cut", part, new AppLog(), Applibs.logOnly(new AppLog()), CLOCK, new SplittableRandom(1)),
                    "cut at " + cut);
        }
    }
}
