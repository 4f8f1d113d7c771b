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
 */
final class AppThread {
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

    AppThread(String name, ScheduledExecutorService executor) {
        this.name = name;
        this.executor = executor;
    }

    /**
     * Starts {@code body} on the app's thread; call it on the device's executor, which waits until the app first
     * blocks or ends. The future completes, on the executor, with how the app ended.
     */
    CompletableFuture<AppOutcome> start(Supplier<AppOutcome> body) {
        // seam: the app's own thread to block in (DESIGN.md); it runs only while the device's executor hands it control
        Thread thread = Thread.ofPlatform().name("app-" + name).daemon().unstarted(() -> {
            toApp.acquireUninterruptibly();
            AppOutcome result;
            try {
                result = stopped ? AppOutcome.crashed("stopped before it ran") : body.get();
            } catch (Stopped e) {
                result = AppOutcome.crashed(e.getMessage());
            } catch (RuntimeException | Error e) {
                result = AppOutcome.crashed(String.valueOf(e));
            }
            ended = result;
            toDevice.release();
        });
        thread.start();
        handToApp();
        return outcome;
    }

    /** On the app's thread: gives control back to the device until {@code delay} of the device's time has passed. */
    void sleep(Duration delay) {
        executor.schedule(this::handToApp, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        toDevice.release();
        toApp.acquireUninterruptibly();
        if (stopped) {
            throw new Stopped();
        }
    }

    /** On the device's executor: stops the app where it waits (power off, app stop). */
    void stop() {
        if (ended == null) {
            stopped = true;
            handToApp();
        }
    }

    boolean running() {
        return ended == null;
    }

    /** On the device's executor: lets the app run until it blocks again or ends. */
    private void handToApp() {
        if (ended != null) {
            return; // a timer of an app that has ended meanwhile
        }
        toApp.release();
        toDevice.acquireUninterruptibly();
        if (ended != null) {
            outcome.complete(ended);
        }
    }
}
