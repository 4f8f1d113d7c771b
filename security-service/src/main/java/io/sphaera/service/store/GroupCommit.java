package io.sphaera.service.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes that share commits. Each write is queued; one committer thread takes every write waiting at that moment,
 * runs each inside its own savepoint of one transaction, and commits once. Under load a burst of N writes then costs
 * one fsync instead of N, and the event loops that queue them never wait on the disk or on each other's commits.
 * A write's future completes only after the commit holding it has returned, so an answer sent when it completes is
 * as durable as any other commit of the store; a write that throws is rolled back alone and fails only its future.
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
        /** Runs the write in its own savepoint; returns what completes its future once the batch is committed. */
        Runnable runIn(Connection c) throws SQLException {
            Savepoint savepoint = c.setSavepoint();
            try {
                T value = write.run(c);
                c.releaseSavepoint(savepoint);
                return () -> done.complete(value);
            } catch (SQLException | RuntimeException e) {
                c.rollback(savepoint);
                RuntimeException failure = e instanceof RuntimeException r ? r
                        : new StoreException("service database: " + e.getMessage(), e);
                return () -> done.completeExceptionally(failure);
            }
        }

        void fail(Throwable cause) {
            done.completeExceptionally(cause);
        }
    }

    private final Transaction transaction;
    private final ExecutorService committer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("sphaera-store-commit").daemon().factory());
    private final ConcurrentLinkedQueue<Pending<?>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile boolean closed;

    GroupCommit(Transaction transaction) {
        this.transaction = transaction;
    }

    /** Queues a write; the future completes after the commit that holds it, or with what went wrong. */
    <T> CompletableFuture<T> submit(Write<T> write) {
        Pending<T> pending = new Pending<>(write, new CompletableFuture<>());
        if (closed) {
            pending.fail(new StoreException("the service store is closed"));
            return pending.done();
        }
        queue.add(pending);
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                committer.execute(this::drain);
            } catch (RejectedExecutionException e) {
                failQueued(new StoreException("the service store is closed"));
            }
        }
        return pending.done();
    }

    private void drain() {
        // Cleared before taking the batch: a write queued after this point schedules the next drain itself.
        drainScheduled.set(false);
        List<Pending<?>> batch = new ArrayList<>();
        for (Pending<?> p; (p = queue.poll()) != null; ) {
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return;
        }
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
            batch.forEach(p -> p.fail(e));
            return;
        }
        // Completed outside the store's lock: what waits on these runs on without holding up the next batch's writes.
        completions.forEach(Runnable::run);
    }

    private void failQueued(Throwable cause) {
        for (Pending<?> p; (p = queue.poll()) != null; ) {
            p.fail(cause);
        }
    }

    /** Commits what is queued, then stops the committer; later writes fail at once. */
    @Override
    public void close() {
        closed = true;
        committer.shutdown();
        try {
            if (!committer.awaitTermination(30, TimeUnit.SECONDS)) {
                committer.shutdownNow();
            }
        } catch (InterruptedException e) {
            committer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        failQueued(new StoreException("the service store closed before this write was committed"));
    }
}
