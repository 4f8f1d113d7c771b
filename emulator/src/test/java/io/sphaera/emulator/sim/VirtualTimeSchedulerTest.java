package io.sphaera.emulator.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.MINUTES;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class VirtualTimeSchedulerTest {
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final VirtualClock clock = new VirtualClock(START);
    private final List<Throwable> unobserved = new ArrayList<>();
    private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler(clock, unobserved::add);
    private final List<String> trace = new ArrayList<>();

    /** A task that notes its name and the virtual time (seconds since START) it ran at. */
    private Runnable note(String name) {
        return () -> trace.add(name + "@" + secondsSinceStart());
    }

    private String secondsSinceStart() {
        Duration elapsed = Duration.between(START, clock.instant());
        return elapsed.getNano() == 0 ? Long.toString(elapsed.getSeconds()) : elapsed.toString();
    }

    @Test
    void tasksRunByDueTimeThenInTheOrderTheyCame() {
        scheduler.schedule(note("c"), 2, SECONDS);
        scheduler.schedule(note("a"), 1, SECONDS);
        scheduler.schedule(note("b"), 1000, MILLISECONDS);
        scheduler.execute(note("now1"));
        scheduler.submit(note("now2"));
        scheduler.schedule(note("now3"), -5, SECONDS); // a negative delay means now, as in the JDK
        assertTrue(trace.isEmpty(), "nothing runs until the scheduler is driven");

        assertEquals(6, scheduler.advanceBy(Duration.ofSeconds(3)));
        assertEquals(List.of("now1@0", "now2@0", "now3@0", "a@1", "b@1", "c@2"), trace);
        assertEquals(START.plusSeconds(3), clock.instant());
    }

    @Test
    void aTaskEnqueuedForTheSameTimeRunsInTheSameRunReady() {
        scheduler.schedule(() -> {
            note("first").run();
            scheduler.execute(() -> {
                note("second").run();
                scheduler.submit(note("third"));
            });
            scheduler.schedule(note("later"), 1, NANOSECONDS);
        }, 0, SECONDS);

        assertEquals(3, scheduler.runReady());
        assertEquals(List.of("first@0", "second@0", "third@0"), trace);
        assertEquals(START, clock.instant());
        assertEquals(Optional.of(START.plusNanos(1)), scheduler.nextDueTime());
        assertEquals(1, scheduler.pendingTasks());
    }

    @Test
    void advanceByRunsExactlyTheTasksDueWithinTheSpanAndEndsAtTheTarget() {
        scheduler.schedule(note("one"), 1, SECONDS);
        scheduler.schedule(note("five"), 5, SECONDS);
        scheduler.schedule(note("justAfter"), SECONDS.toNanos(5) + 1, NANOSECONDS);

        assertEquals(2, scheduler.advanceBy(Duration.ofSeconds(5)));
        assertEquals(List.of("one@1", "five@5"), trace);
        assertEquals(START.plusSeconds(5), clock.instant());
        assertEquals(Optional.of(START.plusSeconds(5).plusNanos(1)), scheduler.nextDueTime());

        assertEquals(0, scheduler.runReady());
        assertEquals(1, scheduler.advanceTo(START.plusSeconds(60)));
        assertEquals("justAfter@PT5.000000001S", trace.get(2));
        assertEquals(START.plusSeconds(60), clock.instant());
        assertEquals(Optional.empty(), scheduler.nextDueTime());

        assertThrows(IllegalArgumentException.class, () -> scheduler.advanceTo(START.plusSeconds(59)));
        assertThrows(IllegalArgumentException.class, () -> scheduler.advanceBy(Duration.ofSeconds(-1)));
        assertEquals(START.plusSeconds(60), clock.instant());
    }

    @Test
    void periodsAreVirtual() {
        AtomicInteger everySecond = new AtomicInteger();
        AtomicInteger everyMinute = new AtomicInteger();
        AtomicInteger delayed = new AtomicInteger();
        scheduler.scheduleAtFixedRate(everySecond::incrementAndGet, 0, 1, SECONDS);
        scheduler.scheduleAtFixedRate(everyMinute::incrementAndGet, 1, 1, MINUTES);
        scheduler.scheduleWithFixedDelay(delayed::incrementAndGet, 10, 20, SECONDS);

        long runs = scheduler.advanceBy(Duration.ofHours(1));

        assertEquals(3601, everySecond.get()); // at 0, 1, ..., 3600 s
        assertEquals(60, everyMinute.get()); // at 1, 2, ..., 60 min
        assertEquals(180, delayed.get()); // at 10, 30, ..., 3590 s
        assertEquals(3601 + 60 + 180, runs);
        assertEquals(START.plus(Duration.ofHours(1)), clock.instant());
    }

    @Test
    void fixedRateKeepsItsBeatWhileFixedDelayCountsFromTheEndOfEachRun() {
        // Each run "takes" 5 s of virtual time, as a task that models slow work would.
        scheduler.scheduleAtFixedRate(() -> {
            note("rate").run();
            clock.advance(Duration.ofSeconds(5));
        }, 0, 20, SECONDS);
        scheduler.scheduleWithFixedDelay(() -> {
            note("delay").run();
            clock.advance(Duration.ofSeconds(5));
        }, 1, 20, SECONDS);

        scheduler.advanceTo(START.plusSeconds(60));
        assertEquals(List.of("rate@0", "delay@5", "rate@20", "delay@30", "rate@40", "delay@55", "rate@60"), trace);
    }

    @Test
    void aCancelledTaskNeverRunsAndACancelledPeriodicTaskStops() throws Exception {
        ScheduledFuture<?> once = scheduler.schedule(note("once"), 1, SECONDS);
        AtomicInteger ticks = new AtomicInteger();
        ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(ticks::incrementAndGet, 1, 1, SECONDS);
        assertEquals(2, scheduler.pendingTasks());

        assertTrue(once.cancel(true));
        assertFalse(once.cancel(true));
        assertTrue(once.isCancelled());
        assertTrue(once.isDone());
        assertThrows(CancellationException.class, once::get);
        assertEquals(1, scheduler.pendingTasks());
        assertFalse(Thread.currentThread().isInterrupted(), "cancel(true) must not interrupt the driving thread");

        scheduler.advanceBy(Duration.ofSeconds(3));
        assertEquals(3, ticks.get());
        assertTrue(periodic.cancel(false));
        scheduler.advanceBy(Duration.ofSeconds(10));
        assertEquals(3, ticks.get());
        assertTrue(trace.isEmpty());
        assertEquals(0, scheduler.pendingTasks());
        assertTrue(periodic.isDone());
    }

    @Test
    void aPeriodicTaskCanCancelItselfFromInside() {
        AtomicInteger ticks = new AtomicInteger();
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        self[0] = scheduler.scheduleWithFixedDelay(() -> {
            if (ticks.incrementAndGet() == 4) {
                self[0].cancel(false);
            }
        }, 0, 1, SECONDS);

        assertTrue(scheduler.runUntilIdle(Duration.ofHours(1)));
        assertEquals(4, ticks.get());
        assertEquals(START.plusSeconds(3), clock.instant(), "an idle stop leaves the clock at the last task");
    }

    @Test
    void manyCancelledTimeoutsNeitherRunNorPileUp() {
        // The pattern of a read timeout re-armed on every message: cancel, schedule again.
        ScheduledFuture<?> timeout = scheduler.schedule(note("timeout"), 30, SECONDS);
        for (int i = 0; i < 10_000; i++) {
            timeout.cancel(false);
            timeout = scheduler.schedule(note("timeout"), 30, SECONDS);
        }
        assertEquals(1, scheduler.pendingTasks());
        assertEquals(1, scheduler.advanceBy(Duration.ofMinutes(1)));
        assertEquals(List.of("timeout@30"), trace);
        assertEquals(Optional.empty(), scheduler.nextDueTime());
    }

    @Test
    void aFailingTaskFailsItsFutureAndTheSchedulerGoesOn() {
        ScheduledFuture<String> failing = scheduler.schedule(() -> {
            throw new IllegalStateException("boom");
        }, 1, SECONDS);
        ScheduledFuture<String> fine = scheduler.schedule(() -> "ok", 2, SECONDS);

        scheduler.advanceBy(Duration.ofSeconds(2));

        ExecutionException failure = assertThrows(ExecutionException.class, failing::get);
        assertEquals("boom", failure.getCause().getMessage());
        assertEquals(Future.State.FAILED, failing.state());
        assertEquals("ok", fine.resultNow());
        assertTrue(unobserved.isEmpty(), "a failure someone can read from its future is not reported elsewhere");
    }

    @Test
    void aFailingPeriodicTaskStops() {
        AtomicInteger ticks = new AtomicInteger();
        ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(() -> {
            if (ticks.incrementAndGet() == 3) {
                throw new IllegalStateException("third time");
            }
        }, 0, 1, SECONDS);

        assertTrue(scheduler.runUntilIdle(Duration.ofHours(1)));
        assertEquals(3, ticks.get());
        assertTrue(periodic.isDone());
        assertEquals("third time", assertThrows(ExecutionException.class, periodic::get).getCause().getMessage());
    }

    @Test
    void aFailureOfAnExecutedTaskGoesToTheHandler() {
        RuntimeException boom = new RuntimeException("nobody holds my future");
        scheduler.execute(() -> {
            throw boom;
        });
        scheduler.execute(note("after"));
        scheduler.runReady();
        assertEquals(List.of(boom), unobserved);
        assertEquals(List.of("after@0"), trace);
    }

    @Test
    void aHandlerThatThrowsStopsTheDriveButLeavesTheSchedulerUsable() {
        VirtualTimeScheduler strict = new VirtualTimeScheduler(clock, failure -> {
            throw new AssertionError("task failed", failure);
        });
        strict.execute(() -> {
            throw new IllegalStateException("bug");
        });
        strict.execute(note("after"));

        AssertionError stopped = assertThrows(AssertionError.class, strict::runReady);
        assertEquals("bug", stopped.getCause().getMessage());
        assertTrue(trace.isEmpty());
        assertEquals(1, strict.runReady());
        assertEquals(List.of("after@0"), trace);
    }

    @Test
    void getNeverWaitsAndDelaysAreVirtual() throws Exception {
        ScheduledFuture<Integer> later = scheduler.schedule(() -> 7, 10, SECONDS);
        ScheduledFuture<Integer> sooner = scheduler.schedule(() -> 8, 5, SECONDS);
        ScheduledFuture<Integer> alsoSooner = scheduler.schedule(() -> 9, 5, SECONDS);

        assertThrows(IllegalStateException.class, later::get);
        assertThrows(IllegalStateException.class, () -> later.get(1, SECONDS));
        assertEquals(10, later.getDelay(SECONDS));
        assertTrue(sooner.compareTo(later) < 0);
        assertTrue(sooner.compareTo(alsoSooner) < 0, "equal times order by submission");
        assertEquals(0, sooner.compareTo(sooner));

        scheduler.advanceBy(Duration.ofSeconds(4));
        assertEquals(6_000, later.getDelay(MILLISECONDS));
        scheduler.advanceBy(Duration.ofSeconds(6));
        assertEquals(7, later.get());
        assertEquals(7, later.get(0, SECONDS));
        assertEquals(-5, sooner.getDelay(SECONDS));
    }

    @Test
    void aTaskMayNotDriveTheScheduler() {
        Future<?> driving = scheduler.submit(() -> scheduler.advanceBy(Duration.ofSeconds(1)));
        scheduler.runReady();
        ExecutionException failure = assertThrows(ExecutionException.class, driving::get);
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertEquals(START, clock.instant());
        assertEquals(0, scheduler.runReady(), "the scheduler is usable after the refused drive");
    }

    @Test
    void shutdownRefusesNewTasksCancelsPeriodicOnesAndLetsQueuedOnesRun() {
        ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(note("tick"), 0, 1, SECONDS);
        scheduler.schedule(note("pending"), 5, SECONDS);

        scheduler.shutdown();

        assertTrue(scheduler.isShutdown());
        assertTrue(periodic.isCancelled());
        assertThrows(RejectedExecutionException.class, () -> scheduler.execute(note("late")));
        assertThrows(RejectedExecutionException.class, () -> scheduler.schedule(note("late"), 1, SECONDS));
        assertFalse(scheduler.isTerminated());
        assertFalse(scheduler.awaitTermination(1, MINUTES), "answers at once, without waiting");

        assertTrue(scheduler.runUntilIdle(Duration.ofMinutes(1)));
        assertEquals(List.of("pending@5"), trace);
        assertTrue(scheduler.isTerminated());
        assertTrue(scheduler.awaitTermination(0, SECONDS));
    }

    @Test
    void shutdownNowHandsBackWhatNeverRan() {
        Runnable second = note("second");
        ScheduledFuture<?> b = scheduler.schedule(second, 2, SECONDS);
        ScheduledFuture<?> a = scheduler.schedule(note("first"), 1, SECONDS);
        scheduler.schedule(note("cancelled"), 1, SECONDS).cancel(false);

        List<Runnable> neverRan = scheduler.shutdownNow();

        assertEquals(List.of(a, b), neverRan);
        assertTrue(scheduler.isTerminated());
        assertEquals(0, scheduler.advanceBy(Duration.ofSeconds(5)));
        assertTrue(trace.isEmpty());
    }

    @Test
    void closeRunsWhatIsLeftInVirtualTime() {
        scheduler.scheduleAtFixedRate(note("tick"), 1, 1, SECONDS);
        scheduler.schedule(note("last"), 1, MINUTES);
        scheduler.close();
        assertEquals(List.of("last@60"), trace);
        assertTrue(scheduler.isTerminated());
        scheduler.close();
    }

    @Test
    void invokeAllAndInvokeAnyRunInlineWithoutDeadlock() throws Exception {
        List<Callable<String>> tasks = List.of(() -> "a", () -> {
            throw new IllegalStateException("b failed");
        }, () -> "c");

        List<Future<String>> all = scheduler.invokeAll(tasks);
        assertEquals("a", all.get(0).get());
        assertInstanceOf(IllegalStateException.class, assertThrows(ExecutionException.class, all.get(1)::get).getCause());
        assertEquals("c", all.get(2).get());

        List<Future<String>> timedOut = scheduler.invokeAll(tasks, 0, SECONDS);
        assertTrue(timedOut.stream().allMatch(Future::isCancelled));

        assertEquals("c", scheduler.invokeAny(List.of(tasks.get(1), tasks.get(2), tasks.get(0))));
        assertThrows(ExecutionException.class, () -> scheduler.invokeAny(List.of(tasks.get(1))));
        assertThrows(TimeoutException.class, () -> scheduler.invokeAny(tasks, 0, SECONDS));
        assertThrows(IllegalArgumentException.class, () -> scheduler.invokeAny(List.<Callable<String>>of()));
        assertEquals(0, scheduler.pendingTasks());
        assertEquals(START, clock.instant());
    }

    @Test
    void submitReturnsTheResultItWasGiven() throws Exception {
        Future<String> future = scheduler.submit(note("x"), "done");
        Future<?> plain = scheduler.submit(note("y"));
        scheduler.runReady();
        assertEquals("done", future.get());
        assertNull(plain.get());
        assertSame(Future.State.SUCCESS, plain.state());
    }

    @Test
    void theSameScheduleGivesTheSameTrace() {
        assertEquals(simulate(1234), simulate(1234));
        assertFalse(simulate(1234).equals(simulate(99)));
    }

    /** Devices with seeded jitter, timers that re-arm and cancel each other; returns what ran when. */
    private static List<String> simulate(long seed) {
        VirtualClock clock = new VirtualClock(START);
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler(clock, failure -> {
            throw new AssertionError(failure);
        });
        SeededRandomness randomness = new SeededRandomness(seed);
        List<String> trace = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            String device = "device-%04d".formatted(d);
            RandomGenerator random = randomness.forParty(device);
            scheduler.scheduleAtFixedRate(() -> {
                trace.add(device + " check " + clock.nanoTime());
                ScheduledFuture<?> timeout = scheduler.schedule(
                        () -> trace.add(device + " timeout " + clock.nanoTime()), 30, SECONDS);
                scheduler.schedule(() -> {
                    if (random.nextBoolean()) {
                        timeout.cancel(false);
                        trace.add(device + " answered " + clock.nanoTime());
                    }
                }, random.nextLong(60_000), MILLISECONDS);
            }, random.nextLong(1_000), 20, SECONDS);
        }
        assertFalse(scheduler.runUntilIdle(Duration.ofHours(1)));
        return trace;
    }
}
