package io.sphaera.emulator.sim;

import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One task in a {@link VirtualTimeScheduler}'s queue, and the future its submitter holds. Ordered by virtual due
 * time, then by the sequence number it was enqueued with, so equal times run first-in first-out.
 *
 * <p>{@code get} never waits: the only thread that could run the task is the one that would be waiting, so a task
 * that has not finished yet makes {@code get} throw {@link IllegalStateException} instead of deadlocking.
 */
final class ScheduledTask<V> extends FutureTask<V> implements RunnableScheduledFuture<V> {
    private final VirtualTimeScheduler scheduler;
    /** 0 runs once; &gt; 0 is a fixed rate, &lt; 0 a fixed delay (the JDK's own encoding). */
    private final long periodNanos;
    /** False for {@code execute}: no one holds the future, so a failure must be reported elsewhere. */
    private final boolean futureHeld;

    // Written only under the scheduler's lock, and only while the task is out of the queue.
    private volatile long dueNanos;
    long sequence;
    boolean queued;

    ScheduledTask(VirtualTimeScheduler scheduler, Callable<V> callable, long dueNanos) {
        super(callable);
        this.scheduler = scheduler;
        this.periodNanos = 0;
        this.futureHeld = true;
        this.dueNanos = dueNanos;
    }

    ScheduledTask(VirtualTimeScheduler scheduler, Runnable runnable, V result, long dueNanos, long periodNanos,
            boolean futureHeld) {
        super(runnable, result);
        this.scheduler = scheduler;
        this.periodNanos = periodNanos;
        this.futureHeld = futureHeld;
        this.dueNanos = dueNanos;
    }

    long dueNanos() {
        return dueNanos;
    }

    /** Sets the due time of the next run of a periodic task; the scheduler calls it before re-enqueueing. */
    void dueAfterRunAt(long nowNanos) {
        long from = periodNanos > 0 ? dueNanos : nowNanos;
        dueNanos = VirtualTimeScheduler.saturatingAdd(from, Math.abs(periodNanos));
    }

    @Override
    public boolean isPeriodic() {
        return periodNanos != 0;
    }

    @Override
    public void run() {
        if (periodNanos == 0) {
            super.run();
        } else if (runAndReset()) {
            scheduler.periodicRunFinished(this);
        }
    }

    /**
     * Cancels the task: a queued task will never run, a periodic one runs no more. There is no thread to interrupt
     * (a running task runs on the thread driving the whole simulation), so {@code mayInterruptIfRunning} is ignored.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(false);
        if (cancelled) {
            scheduler.cancelled(this);
        }
        return cancelled;
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
        requireDone();
        return super.get();
    }

    /** As {@link #get()}: the timeout is never waited for, since no waiting could let the task run. */
    @Override
    public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException {
        requireDone();
        return super.get();
    }

    private void requireDone() {
        if (!isDone()) {
            throw new IllegalStateException("the task has not run yet (due at " + scheduler.clock().instantAt(dueNanos)
                    + "): drive the VirtualTimeScheduler to it before asking for its result");
        }
    }

    @Override
    protected void setException(Throwable failure) {
        super.setException(failure);
        if (!futureHeld) {
            scheduler.unobservedFailure(failure);
        }
    }

    /** Virtual time left until the task is due; negative when it is overdue. */
    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(dueNanos - scheduler.clock().nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
        if (other == this) {
            return 0;
        }
        if (other instanceof ScheduledTask<?> task && task.scheduler == scheduler) {
            int byTime = Long.compare(dueNanos, task.dueNanos);
            return byTime != 0 ? byTime : Long.compare(sequence, task.sequence);
        }
        return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public String toString() {
        return super.toString() + "[due " + scheduler.clock().instantAt(dueNanos) + "]";
    }
}
