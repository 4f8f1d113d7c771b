package io.sphaera.service.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {
    @TempDir
    Path dir;

    private Connection writer;
    private final AtomicInteger commits = new AtomicInteger();
    private final CountDownLatch firstBatchMayCommit = new CountDownLatch(1);
    private final CountDownLatch firstBatchStarted = new CountDownLatch(1);
    private volatile boolean holdFirstBatch;
    private final java.util.concurrent.ExecutorService committer = java.util.concurrent.Executors.newSingleThreadExecutor();

    @BeforeEach
    void open() throws SQLException {
        writer = SqliteConnection.open(dir.resolve("t.db"));
        try (Statement s = writer.createStatement()) {
            s.execute("CREATE TABLE t (x INTEGER NOT NULL UNIQUE)");
        }
        writer.commit();
    }

    @AfterEach
    void close() throws SQLException {
        committer.shutdownNow();
        writer.close();
    }

    /** The store's transaction shape: under a lock, run, commit, or roll back on a throw; counts commits, can hold the first. */
    private GroupCommit groupCommit() {
        java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        return new GroupCommit(batch -> {
            lock.lock();
            try {
                if (holdFirstBatch && commits.get() == 0) {
                    firstBatchStarted.countDown();
                    firstBatchMayCommit.await(10, TimeUnit.SECONDS);
                }
                batch.run(writer);
                writer.commit();
                commits.incrementAndGet();
            } catch (SQLException | RuntimeException | InterruptedException e) {
                try {
                    writer.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw new StoreException(e.getMessage(), e);
            } finally {
                lock.unlock();
            }
        }, committer);
    }

    private static GroupCommit.Write<Integer> insert(int x) {
        return c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO t (x) VALUES (" + x + ")");
            }
            return x;
        };
    }

    private List<Integer> rowsSeenByAnotherConnection() throws SQLException {
        List<Integer> rows = new ArrayList<>();
        try (Connection reader = SqliteConnection.openReader(dir.resolve("t.db"));
                Statement s = reader.createStatement();
                ResultSet r = s.executeQuery("SELECT x FROM t ORDER BY x")) {
            while (r.next()) {
                rows.add(r.getInt(1));
            }
        }
        return rows;
    }

    @Test
    void writesWaitingTogetherShareOneCommitAndAreDurableWhenTheirFuturesComplete() throws Exception {
        holdFirstBatch = true;
        try (GroupCommit group = groupCommit()) {
            CompletableFuture<Integer> first = group.submit(insert(0));
            assertTrue(firstBatchStarted.await(10, TimeUnit.SECONDS));
            List<CompletableFuture<Integer>> waiting = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                waiting.add(group.submit(insert(i)));
            }
            assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone), "nothing is acknowledged before its commit");
            firstBatchMayCommit.countDown();
            assertEquals(0, first.get(10, TimeUnit.SECONDS));
            for (int i = 0; i < waiting.size(); i++) {
                assertEquals(i + 1, waiting.get(i).get(10, TimeUnit.SECONDS));
            }
            assertEquals(2, commits.get(), "the hundred writes queued behind the first commit went in one commit");
            assertEquals(101, rowsSeenByAnotherConnection().size());
        }
    }

    @Test
    void aWriteThatFailsIsRolledBackAndFailsOnlyItsOwnFuture() throws Exception {
        holdFirstBatch = true;
        try (GroupCommit group = groupCommit()) {
            CompletableFuture<Integer> first = group.submit(insert(1));
            assertTrue(firstBatchStarted.await(10, TimeUnit.SECONDS));
            CompletableFuture<Integer> before = group.submit(insert(2));
            CompletableFuture<Integer> duplicate = group.submit(c -> {
                insert(3).run(c);
                return insert(1).run(c); // breaks UNIQUE after writing 3: both must go
            });
            CompletableFuture<Integer> after = group.submit(insert(4));
            firstBatchMayCommit.countDown();
            first.get(10, TimeUnit.SECONDS);
            before.get(10, TimeUnit.SECONDS);
            after.get(10, TimeUnit.SECONDS);
            CompletionException failed = assertThrows(CompletionException.class, duplicate::join);
            assertInstanceOf(StoreException.class, failed.getCause());
            assertEquals(List.of(1, 2, 4), rowsSeenByAnotherConnection());
        }
    }

    @Test
    void withAGatheringTimeWritesWaitOnTheCommittersTimerAndGoTogether() throws Exception {
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        try {
            GroupCommit group = new GroupCommit(batch -> {
                lock.lock();
                try {
                    batch.run(writer);
                    writer.commit();
                    commits.incrementAndGet();
                } catch (SQLException e) {
                    throw new StoreException(e.getMessage(), e);
                } finally {
                    lock.unlock();
                }
            }, timer, java.time.Duration.ofHours(1));
            List<CompletableFuture<Integer>> waiting = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                waiting.add(group.submit(insert(i)));
            }
            assertTrue(waiting.stream().noneMatch(CompletableFuture::isDone), "the first write waits out the gathering time");
            assertEquals(0, commits.get());
            group.close(); // does not wait the hour: closing commits what is queued
            assertTrue(waiting.stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally()));
            assertEquals(1, commits.get(), "the ten went in one commit");
        } finally {
            timer.shutdownNow();
        }
        assertThrows(IllegalArgumentException.class, () -> new GroupCommit(batch -> { }, Runnable::run, java.time.Duration.ofMillis(1)),
                "a gathering time needs a committer with a timer");
    }

    @Test
    void onTheCallersThreadEachWriteIsCommittedBeforeSubmitReturns() throws Exception {
        try (GroupCommit group = new GroupCommit(batch -> {
            try {
                batch.run(writer);
                writer.commit();
                commits.incrementAndGet();
            } catch (SQLException e) {
                throw new StoreException(e.getMessage(), e);
            }
        }, Runnable::run)) {
            for (int i = 0; i < 3; i++) {
                CompletableFuture<Integer> done = group.submit(insert(i));
                assertTrue(done.isDone());
                assertEquals(i + 1, rowsSeenByAnotherConnection().size());
            }
        }
        assertEquals(3, commits.get());
    }

    @Test
    void closingCommitsWhatIsQueuedAndRefusesLaterWrites() throws Exception {
        holdFirstBatch = true;
        GroupCommit group = groupCommit();
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        queued.add(group.submit(insert(0)));
        assertTrue(firstBatchStarted.await(10, TimeUnit.SECONDS));
        for (int i = 1; i < 50; i++) {
            queued.add(group.submit(insert(i)));
        }
        firstBatchMayCommit.countDown();
        group.close(); // commits the 49 queued behind the held batch, here, whatever the committer does meanwhile
        queued.get(0).get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Integer> f : queued) {
            assertTrue(f.isDone() && !f.isCompletedExceptionally());
        }
        assertEquals(50, rowsSeenByAnotherConnection().size());
        CompletionException refused = assertThrows(CompletionException.class, () -> group.submit(insert(99)).join());
        assertInstanceOf(StoreException.class, refused.getCause());
        assertEquals(50, rowsSeenByAnotherConnection().size());
    }

    @Test
    void aCommitThatFailsFailsEveryWriteInIt() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch firstMayFail = new CountDownLatch(1);
        CountDownLatch firstStarted = new CountDownLatch(1);
        try (GroupCommit group = new GroupCommit(batch -> {
            if (attempts.incrementAndGet() == 1) {
                firstStarted.countDown();
                try {
                    firstMayFail.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new StoreException("disk full");
        }, committer)) {
            CompletableFuture<Integer> first = group.submit(insert(1));
            assertTrue(firstStarted.await(10, TimeUnit.SECONDS));
            List<CompletableFuture<Integer>> batch = List.of(group.submit(insert(2)), group.submit(insert(3)));
            firstMayFail.countDown();
            for (CompletableFuture<Integer> f : List.of(first, batch.get(0), batch.get(1))) {
                CompletionException e = assertThrows(CompletionException.class, f::join);
                assertEquals("disk full", e.getCause().getMessage());
            }
        }
        assertEquals(1 + 1 + 2, attempts.get(), "the lone first write, the batch of two, then each of those alone");
        assertEquals(List.of(), rowsSeenByAnotherConnection());
    }

    /** A store that commits without a database, noting each commit; its first commit waits for {@code mayFinish}. */
    private static GroupCommit.Transaction notingStore(List<String> events, CountDownLatch inFirstCommit, CountDownLatch mayFinish) {
        AtomicInteger batches = new AtomicInteger();
        return batch -> {
            int n = batches.incrementAndGet();
            try {
                batch.run(null);
                if (n == 1) {
                    inFirstCommit.countDown();
                    mayFinish.await();
                }
            } catch (SQLException | InterruptedException e) {
                throw new StoreException(e.getMessage(), e);
            }
            events.add("commit " + n);
        };
    }

    @Test
    void closeWaitsForTheBatchTheCommitterIsCommittingThenCommitsWhatIsLeft() throws Exception {
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch inFirstCommit = new CountDownLatch(1);
        CountDownLatch mayFinish = new CountDownLatch(1);
        // The committer is this test's: drains are queued here, and a thread of its own runs the first.
        java.util.concurrent.BlockingQueue<Runnable> drains = new java.util.concurrent.LinkedBlockingQueue<>();
        GroupCommit group = new GroupCommit(notingStore(events, inFirstCommit, mayFinish), drains::add);
        CompletableFuture<Integer> inFlight = group.submit(c -> 0);
        Thread committerThread = Thread.ofPlatform().start(() -> {
            try {
                drains.take().run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(inFirstCommit.await(10, TimeUnit.SECONDS));
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            int x = i;
            queued.add(group.submit(c -> x));
        }
        Thread closer = Thread.ofPlatform().start(() -> {
            group.close();
            events.add("closed");
        });
        // Until close() has either returned or parked waiting.
        while (closer.isAlive() && closer.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        assertTrue(closer.isAlive(), "close() returned while the committer's batch was still being committed: " + events);
        assertTrue(!inFlight.isDone() && queued.stream().noneMatch(CompletableFuture::isDone), "nothing committed yet");
        mayFinish.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(10));
        committerThread.join(TimeUnit.SECONDS.toMillis(10));
        assertEquals(List.of("commit 1", "commit 2", "closed"), events,
                "the batch taken is committed, then what was left, in one commit, then close() returns");
        assertEquals(0, inFlight.getNow(null));
        for (int i = 0; i < queued.size(); i++) {
            assertEquals(i + 1, queued.get(i).getNow(null));
        }
    }

    @Test
    void everyWriteSubmittedAroundACloseIsCommittedOrRefusedOnceCloseAndItsSubmitHaveReturned() throws Exception {
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch none = new CountDownLatch(0);
        GroupCommit group = new GroupCommit(notingStore(events, new CountDownLatch(1), none), committer);
        List<CompletableFuture<Integer>> submitted = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch someSubmitted = new CountDownLatch(2_000);
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            submitters.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1_000_000; i++) {
                    CompletableFuture<Integer> f = group.submit(c -> 1);
                    submitted.add(f);
                    someSubmitted.countDown();
                    if (f.isCompletedExceptionally()) {
                        return; // refused: the group is closed
                    }
                }
            }));
        }
        assertTrue(someSubmitted.await(10, TimeUnit.SECONDS));
        group.close();
        for (Thread t : submitters) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        List<CompletableFuture<Integer>> all;
        synchronized (submitted) {
            all = List.copyOf(submitted);
        }
        for (CompletableFuture<Integer> f : all) {
            assertTrue(f.isDone(), "a write left waiting after close()");
            if (f.isCompletedExceptionally()) {
                CompletionException e = assertThrows(CompletionException.class, f::join);
                assertInstanceOf(StoreException.class, e.getCause());
            }
        }
    }

    @Test
    void aCommitterThatRefusesFailsEachWriteAndDoesNotLeaveTheNextWaiting() {
        GroupCommit group = new GroupCommit(batch -> { }, task -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        });
        for (int i = 0; i < 2; i++) {
            CompletableFuture<Integer> refused = group.submit(c -> 1);
            assertTrue(refused.isDone(), "write " + i + " left waiting");
            CompletionException e = assertThrows(CompletionException.class, refused::join);
            assertInstanceOf(StoreException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("refused"), e.getCause().getMessage());
        }
    }
}
