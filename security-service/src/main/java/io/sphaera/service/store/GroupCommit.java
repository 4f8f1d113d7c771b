package io.sphaera.service.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes that share commits. Each write is queued; one committer thread takes every write waiting at that moment,
 * runs them in one transaction and commits once. Under load a burst of N writes then costs one fsync instead of N,
 * and the event loops that queue them never wait on the disk or on each other's commits. A write's future completes
 * only after the commit holding it has returned, so an answer sent when it completes is as durable as any other
 * commit of the store. When a batch fails, it is rolled back whole and each of its writes is run again in a
 * transaction of its own, so a write that throws fails only its own future. (Not a savepoint per write: those cost
 * two more statements for every write, for a failure that does not happen in practice.)
 *
 * <p>The committer is injected, as every executor of the service is: a thread of its own in a real service, the
 * virtual-time executor in a simulation, or the caller's thread ({@code Runnable::run}), which commits each write as
 * it is submitted. With a gathering time, the first write of a batch waits that long on the committer's timer for
 * others to join it: on this machine an fsync costs about 40 µs of CPU, and at a few thousand attestations a
 * second a batch taken at once held fewer than two writes.
 *
 * <p>One batch at a time is taken and committed, under {@link #draining}: {@link #close()} waits for a batch the
 * committer has taken and is committing, then commits what is left, so when it returns every write submitted before
 * it has completed. Every write's future completes, committed or failed: one submitted after close() fails at once,
 * and one racing it is committed (or refused by the closed store) on its submitter's thread before submit returns.
 */
final class GroupCommit implements AutoCloseable {
    /** One write, run on the committer thread inside the shared transaction. */
    @FunctionalInterface
    interface Write<T> {
        T run(Connection c) throws SQLException;
    }

    /** The store's transaction: under its lock, committed when {@code batch} returns, rolled back when it throws. */
    @FunctionalInterface
    interface Transaction {
        void run(Write<Void> batch);
    }

    private record Pending<T>(Write<T> write, CompletableFuture<T> done) {
        /** Runs the write; returns what completes its future once the transaction holding it is committed. */
        Runnable runIn(Connection c) throws SQLException {
            T value = write.run(c);
            return () -> done.complete(value);
        }

        void fail(Throwable cause) {
            done.completeExceptionally(cause);
        }
    }

    private final Transaction transaction;
    private final Executor committer;
    private final java.time.Duration gather;
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Held from taking a batch until its futures are completed; reentrant, as a completion may submit again. */
    private final ReentrantLock draining = new ReentrantLock();
    private volatile boolean closed;

    GroupCommit(Transaction transaction, Executor committer) {
        this(transaction, committer, java.time.Duration.ZERO);
    }

    /** @param gather how long the first write of a batch waits for others; more than zero needs a scheduling committer */
    GroupCommit(Transaction transaction, Executor committer, java.time.Duration gather) {
        if (gather.isNegative() || (!gather.isZero() && !(committer instanceof java.util.concurrent.ScheduledExecutorService))) {
            throw new IllegalArgumentException("a gathering time needs a ScheduledExecutorService, and cannot be negative");
        }
        this.transaction = transaction;
        this.committer = committer;
        this.gather = gather;
    }

    /** Queues a write; the future completes after the commit that holds it, or with what went wrong. */
    <T> CompletableFuture<T> submit(Write<T> write) {
        Pending<T> pending = new Pending<>(write, new CompletableFuture<>());
        if (closed) {
            pending.fail(new StoreException("the service store is closed"));
            return pending.done();
        }
        queue.add(pending);
        if (closed) {
            // Queued as close() ran, maybe after its last drain: committed (or refused by a closed store) here, so
            // it cannot wait on a committer nothing will run again. Read after the add, so that close() either
            // sees this write in the queue or this sees closed.
            drain();
            return pending.done();
        }
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                if (gather.isZero()) {
                    committer.execute(this::drain);
                } else {
                    ((java.util.concurrent.ScheduledExecutorService) committer).schedule(this::drain, gather.toNanos(),
                            java.util.concurrent.TimeUnit.NANOSECONDS);
                }
            } catch (RejectedExecutionException e) {
                // Cleared, or no later write would ask the committer again and each would wait for close().
                drainScheduled.set(false);
                failQueued(new StoreException("the service store's committer refused the write: " + e.getMessage(), e));
            }
        }
        return pending.done();
    }

    private void drain() {
        draining.lock();
        List<Pending<?>> batch = new ArrayList<>();
        try {
            // Cleared before taking the batch: a write queued after this point schedules the next drain itself.
            drainScheduled.set(false);
            for (Pending<?> p; (p = queue.poll()) != null; ) {
                batch.add(p);
            }
            if (batch.isEmpty()) {
                return;
            }
            if (!commit(batch) && batch.size() > 1) {
                for (Pending<?> p : batch) {
                    commit(List.of(p));
                }
            }
        } finally {
            try {
                // A batch taken is never dropped: whatever escaped above still answers each of its writes.
                for (Pending<?> p : batch) {
                    if (!p.done().isDone()) {
                        p.fail(new StoreException("the write was not committed: its batch ended abnormally"));
                    }
                }
            } finally {
                draining.unlock();
            }
        }
    }

    /** One transaction for {@code batch}; false, with every future of a lone write failed, if it did not commit. */
    private boolean commit(List<Pending<?>> batch) {
        List<Runnable> completions = new ArrayList<>(batch.size());
        try {
            transaction.run(c -> {
                completions.clear();
                for (Pending<?> p : batch) {
                    completions.add(p.runIn(c));
                }
                return null;
            });
        } catch (RuntimeException | Error e) {
            if (batch.size() == 1) {
                batch.get(0).fail(e);
            }
            return false;
        }
        // Completed outside the store's lock: what waits on these runs on without holding up the next batch's writes.
        completions.forEach(Runnable::run);
        return true;
    }

    private void failQueued(Throwable cause) {
        for (Pending<?> p; (p = queue.poll()) != null; ) {
            p.fail(cause);
        }
    }

    /**
     * Waits for a batch being committed, then commits what is queued, on the caller's thread; writes submitted later
     * fail at once. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        drain();
    }
}
