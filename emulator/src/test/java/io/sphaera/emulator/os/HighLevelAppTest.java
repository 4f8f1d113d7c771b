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
