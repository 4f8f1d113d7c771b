package io.sphaera.peripherals.timer;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A test double of the device's executor: one-shot tasks wait in virtual time and run, in due-time then submission
 * order, only when the test advances the clock; the clock stands at each task's due time while it runs. Periodic
 * scheduling is not needed by the models and not offered.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final PriorityQueue<Task> queue =
            new PriorityQueue<>(Comparator.<Task>comparingLong(t -> t.due).thenComparingLong(t -> t.order));
    private long nowNanos;
    private long sequence;
    private final Instant epoch;

    public ManualScheduler(Instant epoch) {
        this.epoch = epoch;
    }

    /** The virtual clock the models read. */
    public InstantSource clock() {
        return () -> epoch.plusNanos(nowNanos);
    }

    /** Virtual time since the start. */
    public Duration elapsed() {
        return Duration.ofNanos(nowNanos);
    }

    /** Runs everything due within {@code step}, then leaves the clock at its end. */
    public void advanceBy(Duration step) {
        long end = nowNanos + step.toNanos();
        while (!queue.isEmpty() && queue.peek().due <= end) {
            Task task = queue.poll();
            if (task.cancelled) {
                continue;
            }
            nowNanos = task.due;
            task.done = true;
            task.action.run();
        }
        nowNanos = end;
    }

    /** Tasks waiting and not cancelled. */
    public long queued() {
        return queue.stream().filter(t -> !t.cancelled).count();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Task task = new Task(nowNanos + Math.max(0, unit.toNanos(delay)), sequence++, command);
        queue.add(task);
        return task;
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }

    private final class Task implements ScheduledFuture<Object> {
        final long due;
        final long order;
        final Runnable action;
        boolean cancelled;
        boolean done;

        Task(long due, long order, Runnable action) {
            this.due = due;
            this.order = order;
            this.action = action;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - nowNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
