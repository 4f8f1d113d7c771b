package io.sphaera.emulator.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulation's {@link ScheduledExecutorService}: tasks wait in a queue ordered by virtual due time, then by
 * the order they were enqueued in (first-in first-out for equal times), and run only when the owner drives the
 * scheduler ({@link #runReady()}, {@link #advanceBy}, {@link #advanceTo}, {@link #runUntilIdle}), on the driving
 * thread, with the {@link VirtualClock} moved to each task's due time. No thread is ever started and nothing waits
 * in real time, so a run is a pure function of its inputs and thousands of devices can share one scheduler.
 *
 * <p>Behaviour where the JDK's executors would block or use other threads:
 * <ul>
 * <li>{@code get} on a future whose task has not finished throws {@link IllegalStateException} (with or without a
 *     timeout): waiting cannot help, because only the waiting thread could run the task.
 * <li>{@code cancel} never interrupts: the running task runs on the thread driving the simulation.
 * <li>{@code invokeAll}/{@code invokeAny} run their tasks at once, in order, on the calling thread; a timeout is
 *     judged in virtual time, which stands still while they run.
 * <li>{@code shutdown} cancels periodic tasks and keeps queued one-shot tasks to run when driven (the JDK's default
 *     policy); {@code awaitTermination} does not wait, it answers {@link #isTerminated()}; {@code close} runs what
 *     is left to completion in virtual time.
 * <li>A task may submit and cancel tasks, but may not drive the scheduler itself (that would run later tasks in
 *     the middle of an earlier one): the drive methods throw {@link IllegalStateException} when re-entered.
 * </ul>
 * A failing task completes its future exceptionally and the scheduler goes on; a failing periodic task runs no
 * more. A task given to {@link #execute} has no future anyone can read, so its failure goes to the handler given
 * at construction (by default: logged as a warning); a handler that throws stops the drive, which is how a test can
 * make such failures loud.
 *
 * <p>Submitting and cancelling are safe from any thread, and tasks never run under the scheduler's lock. Determinism,
 * though, needs one thread at a time, handing over with a happens-before edge (as DESIGN.md's blocking app threads do).
 * Cancelled tasks stay in the queue, skipped, until they reach its head or make up half of it, so that cancelling
 * and re-arming timeouts costs O(log n), not O(n).
 */
public final class VirtualTimeScheduler implements ScheduledExecutorService {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualTimeScheduler.class);
    /** Below this many cancelled tasks, purging would cost more than skipping them. */
    private static final int PURGE_THRESHOLD = 64;
    private static final Comparator<ScheduledTask<?>> RUN_ORDER =
            Comparator.<ScheduledTask<?>>comparingLong(ScheduledTask::dueNanos).thenComparingLong(t -> t.sequence);

    private final VirtualClock clock;
    private final Consumer<? super Throwable> unobservedFailures;
    private final PriorityQueue<ScheduledTask<?>> queue = new PriorityQueue<>(RUN_ORDER);
    private long nextSequence;
    private int cancelledInQueue;
    private boolean shutdown;
    private boolean driving;

    /** A scheduler on {@code clock} that logs failures of {@link #execute}d tasks as warnings. */
    public VirtualTimeScheduler(VirtualClock clock) {
        this(clock, failure -> LOG.warn("a task given to execute() failed", failure));
    }

    /** A scheduler on {@code clock} that hands failures of {@link #execute}d tasks to {@code unobservedFailures}. */
    public VirtualTimeScheduler(VirtualClock clock, Consumer<? super Throwable> unobservedFailures) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.unobservedFailures = Objects.requireNonNull(unobservedFailures, "unobservedFailures");
    }

    public VirtualClock clock() {
        return clock;
    }

    // ---- driving --------------------------------------------------------------------------------------------

    /**
     * Runs every task due at the current virtual time, including those they enqueue for that same time, without
     * moving the clock. Returns how many task runs there were.
     */
    public long runReady() {
        return runThrough(clock.nanoTime());
    }

    /** {@link #advanceTo} the instant {@code span} from now. */
    public long advanceBy(Duration span) {
        if (span.isNegative()) {
            throw new IllegalArgumentException("virtual time cannot move backwards: advance by " + span);
        }
        return runThrough(saturatingAdd(clock.nanoTime(), saturatingNanos(span)));
    }

    /**
     * Runs, in time order, every task due up to and including {@code target} (those enqueued meanwhile too), moving
     * the clock to each task's due time, and leaves the clock at {@code target}. Returns how many task runs there
     * were. An instant before the current time is refused.
     */
    public long advanceTo(Instant target) {
        long targetNanos = clock.nanosAt(target);
        if (targetNanos < clock.nanoTime()) {
            throw new IllegalArgumentException(
                    "virtual time cannot move backwards: it is " + clock.instant() + ", asked for " + target);
        }
        return runThrough(targetNanos);
    }

    /**
     * Runs tasks in time order until none is left or the next is due more than {@code maxVirtualTime} from now.
     * Returns true if the queue went empty, with the clock at the last task's time; false if the bound stopped it,
     * with the clock at the bound. The bound is there because periodic tasks never let the queue go empty.
     */
    public boolean runUntilIdle(Duration maxVirtualTime) {
        if (maxVirtualTime.isNegative()) {
            throw new IllegalArgumentException("the bound on virtual time must not be negative: " + maxVirtualTime);
        }
        long limit = saturatingAdd(clock.nanoTime(), saturatingNanos(maxVirtualTime));
        beginDrive();
        try {
            runDue(limit);
            if (pendingTasks() == 0) {
                return true;
            }
            clock.moveForwardTo(limit);
            return false;
        } finally {
            endDrive();
        }
    }

    /** When the earliest pending task is due, if any task is pending. */
    public synchronized Optional<Instant> nextDueTime() {
        ScheduledTask<?> head = liveHead();
        return head == null ? Optional.empty() : Optional.of(clock.instantAt(head.dueNanos()));
    }

    /** How many tasks wait in the queue (cancelled ones not counted). */
    public synchronized int pendingTasks() {
        return queue.size() - cancelledInQueue;
    }

    private long runThrough(long limitNanos) {
        beginDrive();
        try {
            long runs = runDue(limitNanos);
            clock.moveForwardTo(limitNanos);
            return runs;
        } finally {
            endDrive();
        }
    }

    private long runDue(long limitNanos) {
        long runs = 0;
        for (ScheduledTask<?> task = pollDue(limitNanos); task != null; task = pollDue(limitNanos)) {
            // A task may be overdue if someone advanced the clock directly: it runs now, never in the past.
            clock.moveForwardTo(task.dueNanos());
            task.run();
            runs++;
        }
        return runs;
    }

    private synchronized ScheduledTask<?> pollDue(long limitNanos) {
        ScheduledTask<?> head = liveHead();
        if (head == null || head.dueNanos() > limitNanos) {
            return null;
        }
        queue.poll();
        head.queued = false;
        return head;
    }

    /** The queue's head after dropping the cancelled tasks in front of it. */
    private ScheduledTask<?> liveHead() {
        ScheduledTask<?> head = queue.peek();
        while (head != null && head.isCancelled()) {
            queue.poll();
            head.queued = false;
            cancelledInQueue--;
            head = queue.peek();
        }
        return head;
    }

    private synchronized void beginDrive() {
        if (driving) {
            throw new IllegalStateException("the scheduler is already running tasks; a task may not drive it");
        }
        driving = true;
    }

    private synchronized void endDrive() {
        driving = false;
    }

    // ---- submitting -----------------------------------------------------------------------------------------

    /** Runs {@code command} at the current virtual time, after the tasks already due then. */
    @Override
    public void execute(Runnable command) {
        Objects.requireNonNull(command, "command");
        enqueue(new ScheduledTask<>(this, command, null, clock.nanoTime(), 0, false));
    }

    @Override
    public Future<?> submit(Runnable task) {
        return schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        Objects.requireNonNull(task, "task");
        return enqueue(new ScheduledTask<>(this, task, result, clock.nanoTime(), 0, true));
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return schedule(task, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        return enqueue(new ScheduledTask<>(this, command, null, dueIn(delay, unit), 0, true));
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        Objects.requireNonNull(callable, "callable");
        return enqueue(new ScheduledTask<>(this, callable, dueIn(delay, unit)));
    }

    /** Runs at {@code initialDelay}, then every {@code period} after that first due time, in virtual time. */
    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        return enqueue(new ScheduledTask<>(this, command, null, dueIn(initialDelay, unit), periodNanos(period, unit), true));
    }

    /** Runs at {@code initialDelay}, then {@code delay} after each run ends (the same instant, in virtual time). */
    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        Objects.requireNonNull(command, "command");
        return enqueue(new ScheduledTask<>(this, command, null, dueIn(initialDelay, unit), -periodNanos(delay, unit), true));
    }

    private synchronized <V> ScheduledTask<V> enqueue(ScheduledTask<V> task) {
        if (shutdown) {
            throw new RejectedExecutionException("the scheduler is shut down");
        }
        add(task);
        Thread w = waiter;
        if (w != null) {
            java.util.concurrent.locks.LockSupport.unpark(w);
        }
        return task;
    }

    /** The driving thread while it waits in {@link #awaitWork}. */
    private volatile Thread waiter;

    /**
     * On the driving thread, between drives: waits until a task is enqueued (by another thread: a reply from the
     * network) or {@code nanos} of host time have passed, whichever comes first. Returns at once if a task is due now.
     */
    public void awaitWork(long nanos) {
        waiter = Thread.currentThread();
        try {
            boolean ready;
            synchronized (this) {
                ScheduledTask<?> head = liveHead();
                ready = head != null && head.dueNanos() <= clock.nanoTime();
            }
            if (!ready) {
                java.util.concurrent.locks.LockSupport.parkNanos(this, nanos); // seam: host time only bounds the wait
            }
        } finally {
            waiter = null;
        }
    }

    private void add(ScheduledTask<?> task) {
        task.sequence = nextSequence++;
        task.queued = true;
        queue.add(task);
    }

    /** A periodic task ran normally: queue its next run, unless the scheduler has shut down meanwhile. */
    synchronized void periodicRunFinished(ScheduledTask<?> task) {
        if (task.queued) {
            return; // run() was called by hand on a task that is still queued; its queued run stands
        }
        if (shutdown) {
            task.cancel(false);
            return;
        }
        task.dueAfterRunAt(clock.nanoTime());
        add(task);
    }

    synchronized void cancelled(ScheduledTask<?> task) {
        if (!task.queued) {
            return;
        }
        cancelledInQueue++;
        if (cancelledInQueue >= PURGE_THRESHOLD && 2 * cancelledInQueue > queue.size()) {
            purgeCancelled();
        }
    }

    private void purgeCancelled() {
        queue.removeIf(task -> {
            if (task.isCancelled()) {
                task.queued = false;
                return true;
            }
            return false;
        });
        cancelledInQueue = 0;
    }

    void unobservedFailure(Throwable failure) {
        unobservedFailures.accept(failure);
    }

    private long dueIn(long delay, TimeUnit unit) {
        return saturatingAdd(clock.nanoTime(), Math.max(0, unit.toNanos(delay)));
    }

    private static long periodNanos(long period, TimeUnit unit) {
        long nanos = unit.toNanos(period);
        if (nanos <= 0) {
            throw new IllegalArgumentException("a period must be positive: " + period + " " + unit);
        }
        return nanos;
    }

    /** {@code a + b}, or Long.MAX_VALUE where that overflows; {@code a} is a clock reading, never negative. */
    static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatingNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    // ---- running collections inline -------------------------------------------------------------------------

    /** Runs the tasks one after another on the calling thread, now; all futures are done on return. */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) {
        return invokeAll(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    }

    /**
     * As {@link #invokeAll(Collection)}; the timeout is virtual time, which stands still while the tasks run, so
     * it cancels them all only if it is zero or negative (or a task moved the clock past it).
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
        List<ScheduledTask<T>> inline = inlineTasks(tasks);
        long deadline = saturatingAdd(clock.nanoTime(), unit.toNanos(timeout));
        List<Future<T>> done = new ArrayList<>(inline.size());
        for (ScheduledTask<T> task : inline) {
            if (clock.nanoTime() >= deadline) {
                task.cancel(false);
            } else {
                task.run();
            }
            done.add(task);
        }
        return done;
    }

    /** Runs the tasks in order on the calling thread until one completes normally, and returns its result. */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no deadline was set", e);
        }
    }

    /** As {@link #invokeAny(Collection)}, giving up once the virtual clock reaches the timeout. */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws ExecutionException, TimeoutException {
        List<ScheduledTask<T>> inline = inlineTasks(tasks);
        if (inline.isEmpty()) {
            throw new IllegalArgumentException("invokeAny needs at least one task");
        }
        long deadline = saturatingAdd(clock.nanoTime(), unit.toNanos(timeout));
        ExecutionException lastFailure = null;
        for (ScheduledTask<T> task : inline) {
            if (clock.nanoTime() >= deadline) {
                throw new TimeoutException("virtual time reached the invokeAny deadline");
            }
            task.run();
            if (task.state() == Future.State.SUCCESS) {
                return task.resultNow();
            }
            lastFailure = new ExecutionException(task.exceptionNow());
        }
        throw lastFailure;
    }

    private <T> List<ScheduledTask<T>> inlineTasks(Collection<? extends Callable<T>> tasks) {
        List<ScheduledTask<T>> inline = new ArrayList<>(tasks.size());
        for (Callable<T> task : tasks) {
            inline.add(new ScheduledTask<>(this, Objects.requireNonNull(task, "task"), clock.nanoTime()));
        }
        synchronized (this) {
            if (shutdown) {
                throw new RejectedExecutionException("the scheduler is shut down");
            }
        }
        return inline;
    }

    // ---- shutting down --------------------------------------------------------------------------------------

    /** Accepts no more tasks and cancels periodic ones; queued one-shot tasks still run when driven. */
    @Override
    public synchronized void shutdown() {
        shutdown = true;
        for (ScheduledTask<?> task : List.copyOf(queue)) {
            if (task.isPeriodic()) {
                task.cancel(false);
            }
        }
        purgeCancelled();
    }

    /**
     * Accepts no more tasks and empties the queue, returning the tasks that never ran in the order they would have
     * run. As with the JDK's executors they are not cancelled: their futures stay pending unless the caller runs them.
     */
    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> neverRan = new ArrayList<>(queue.size());
        for (ScheduledTask<?> task = queue.poll(); task != null; task = queue.poll()) {
            task.queued = false;
            if (!task.isCancelled()) {
                neverRan.add(task);
            }
        }
        cancelledInQueue = 0;
        return neverRan;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    /** Shut down, no task pending and none running. */
    @Override
    public synchronized boolean isTerminated() {
        return shutdown && !driving && pendingTasks() == 0;
    }

    /** Does not wait (waiting in real time cannot run virtual tasks): answers {@link #isTerminated()}. */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    /**
     * Shuts down and runs the remaining one-shot tasks to completion in virtual time, as the JDK's {@code close}
     * waits for them. This always ends: no task can be added after shutdown, and periodic ones are cancelled by it.
     * A task may not close the scheduler that runs it.
     */
    @Override
    public void close() {
        if (isTerminated()) {
            return;
        }
        shutdown();
        runUntilIdle(Duration.ofNanos(Long.MAX_VALUE));
    }

    @Override
    public synchronized String toString() {
        return "VirtualTimeScheduler[" + clock.instant() + ", " + pendingTasks() + " pending"
                + (shutdown ? ", shut down" : "") + "]";
    }
}
