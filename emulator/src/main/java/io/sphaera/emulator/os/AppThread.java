package io.sphaera.emulator.os;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An app's own thread, to block in (a sleep, its event loop's wait), which runs only while the device's executor hands
 * it control and waits for it to block again: exactly one of them runs at a time, and when the app wakes is decided
 * by the executor's timers, on the device's time, never by the host's scheduler. So a run replays, in virtual time too.
 * An app that computes without blocking gives the core back every {@link #QUANTUM_INSTRUCTIONS} instructions (see
 * {@link #executed}), so it cannot hold the device's executor for good.
 */
final class AppThread {
    /** Instructions an app runs before it gives the device's executor a turn, blocked or not. */
    static final long QUANTUM_INSTRUCTIONS = 100_000;
    /**
     * The device's time a quantum takes on the A7, at 500 MHz; one WebAssembly instruction is taken as one cycle,
     * which is coarse but deterministic, and lets a spinning app's time pass as it would on the chip.
     */
    static final Duration QUANTUM_TIME = Duration.ofNanos(QUANTUM_INSTRUCTIONS * 2);
    /** The same on an M4 I/O core at 197.6 MHz (the clock its BSP sets): about 5 ns an instruction. */
    static final Duration M4_QUANTUM_TIME = Duration.ofNanos(QUANTUM_INSTRUCTIONS * 10_000 / 1976);
    /** How often a parked app thread checks whether its device's executor is gone (a device dropped without power-off). */
    private static final long ORPHAN_CHECK_SECONDS = 10;

    /** Thrown inside the app's thread when the device stops it while it waits: unwinds the app. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super("the app was stopped", null, false, false);
        }
    }

    private final String name;
    private final ScheduledExecutorService executor;
    private final Semaphore toApp = new Semaphore(0);
    private final Semaphore toDevice = new Semaphore(0);
    private final CompletableFuture<AppOutcome> outcome = new CompletableFuture<>();
    private volatile AppOutcome ended;
    private volatile boolean stopped;
    private long sinceYield;
    private final Duration quantumTime;
    /** Waiting for an interrupt (WFI): only {@link #wake()} resumes it. Read and written on the device's executor. */
    private volatile boolean parked;
    /** Counts the app's waits, so that a wait's time limit firing after a wake does not end a later wait. */
    private volatile long waits;

    AppThread(String name, ScheduledExecutorService executor) {
        this(name, executor, QUANTUM_TIME);
    }

    /** @param quantumTime the device's time that {@link #QUANTUM_INSTRUCTIONS} take on this app's core */
    AppThread(String name, ScheduledExecutorService executor, Duration quantumTime) {
        this.name = name;
        this.executor = executor;
        this.quantumTime = quantumTime;
    }

    /**
     * Starts {@code body} on the app's thread; call it on the device's executor, which waits until the app first
     * blocks or ends. The future completes, on the executor, with how the app ended.
     */
    CompletableFuture<AppOutcome> start(Supplier<AppOutcome> body) {
        // seam: the app's own thread to block in (DESIGN.md); it runs only while the device's executor hands it control
        Thread thread = Thread.ofPlatform().name("app-" + name).daemon().unstarted(() -> {
            AppOutcome result = AppOutcome.crashed("the app ended without an outcome");
            try {
                awaitTurn();
                result = body.get();
            } catch (Stopped e) {
                result = AppOutcome.crashed(e.getMessage());
            } catch (Orphaned e) {
                result = AppOutcome.crashed("the device's executor is gone");
            } catch (RuntimeException | Error e) {
                result = AppOutcome.crashed(String.valueOf(e));
            } finally {
                // Whatever ended the app, the device gets control back: it is waiting in handToApp.
                ended = result;
                toDevice.release();
            }
        });
        try {
            thread.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            ended = AppOutcome.crashed("the app's thread did not start: " + e);
            outcome.complete(ended);
            return outcome;
        }
        handToApp();
        return outcome;
    }

    /** On the app's thread: gives control back to the device until {@code delay} of the device's time has passed. */
    void sleep(Duration delay) {
        sinceYield = 0;
        executor.schedule(this::handToApp, Math.max(0, saturatedNanos(delay)), TimeUnit.NANOSECONDS);
        toDevice.release();
        awaitTurn();
    }

    /**
     * On the app's thread, as it executes: after a quantum of instructions without blocking, the app gives the device
     * its turn and the quantum's time passes, as the core's would.
     */
    void executed() {
        if (++sinceYield >= QUANTUM_INSTRUCTIONS) {
            sleep(quantumTime);
        }
    }

    /**
     * On the app's thread: waits, giving the device control, until {@link #wake()} (an interrupt for a core in WFI).
     * The caller checks its wake condition before and after: a wake that came first is not lost, as the core's
     * pending interrupt is still there to see.
     */
    void park() {
        waitUntilWoken(null);
    }

    /**
     * On the app's thread: waits until {@link #wake()} or, when {@code limit} is not null, until that much of the
     * device's time has passed, whichever comes first (an event loop waiting on its descriptors and its timers).
     */
    void waitUntilWoken(Duration limit) {
        sinceYield = 0;
        long wait = ++waits;
        parked = true;
        if (limit != null) {
            executor.schedule(() -> {
                if (parked && waits == wait) { // not woken meanwhile, and still this wait
                    parked = false;
                    handToApp();
                }
            }, Math.max(0, saturatedNanos(limit)), TimeUnit.NANOSECONDS);
        }
        toDevice.release();
        awaitTurn();
    }

    /** From anywhere on the device (an interrupt raised, a message come): resumes a waiting app, on the device's executor. */
    void wake() {
        executor.execute(() -> {
            if (parked) {
                parked = false;
                handToApp();
            }
        });
    }

    /** On the device's executor: stops the app where it waits (power off, app stop). */
    void stop() {
        if (ended == null) {
            stopped = true;
            parked = false;
            handToApp();
        }
    }

    boolean running() {
        return ended == null;
    }

    /** On the device's executor: lets the app run until it blocks again or ends. */
    private void handToApp() {
        if (ended != null) {
            if (!outcome.isDone()) {
                outcome.complete(ended);
            }
            return; // a timer of an app that has ended meanwhile
        }
        toApp.release();
        toDevice.acquireUninterruptibly();
        if (ended != null) {
            outcome.complete(ended);
        }
    }

    /** On the app's thread: waits for the device to hand control over; unwinds if the device stopped the app. */
    private void awaitTurn() {
        boolean turn = false;
        while (!turn) {
            try {
                turn = toApp.tryAcquire(ORPHAN_CHECK_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Orphaned();
            }
            // Nothing can hand control over once the executor is shut down: end the thread rather than leak it.
            if (!turn && executor.isShutdown()) {
                throw new Orphaned();
            }
        }
        if (stopped) {
            throw new Stopped();
        }
    }

    /** Thrown inside the app's thread when its device's executor has gone away while it waited. */
    private static final class Orphaned extends RuntimeException {
        Orphaned() {
            super("orphaned", null, false, false);
        }
    }

    private static long saturatedNanos(Duration delay) {
        try {
            return delay.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
