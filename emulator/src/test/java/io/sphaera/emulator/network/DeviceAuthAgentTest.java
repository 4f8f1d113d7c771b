package io.sphaera.emulator.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.sim.VirtualClock;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The device's authentication rhythm, in virtual time: at boot, daily, and with backoff while the service is away. */
class DeviceAuthAgentTest {
    private final VirtualTimeScheduler scheduler = new VirtualTimeScheduler(new VirtualClock(Instant.parse("2026-11-26T00:00:00Z")));
    private final List<Instant> tries = new ArrayList<>();
    private boolean serviceUp;

    private CompletableFuture<DeviceCertificate> attempt() {
        Instant now = scheduler.clock().instant();
        tries.add(now);
        return serviceUp
                ? CompletableFuture.completedFuture(new DeviceCertificate("cert", List.of(), "update", now.plus(Duration.ofHours(24))))
                : CompletableFuture.failedFuture(new IOException("service unreachable"));
    }

    @Test
    void attestsAtBootThenAnHourBeforeEachCertificateExpires() {
        serviceUp = true;
        DeviceAuthAgent agent = new DeviceAuthAgent(this::attempt, scheduler, scheduler.clock(), new SplittableRandom(1));
        agent.start();
        scheduler.advanceBy(Duration.ofDays(3));
        assertEquals(List.of(Duration.ZERO, Duration.ofHours(23), Duration.ofHours(46), Duration.ofHours(69)), offsets());
        assertTrue(agent.certificate().isPresent());
    }

    @Test
    void retriesWithDoublingBackoffWhileTheServiceIsAwayThenRecovers() {
        DeviceAuthAgent agent = new DeviceAuthAgent(this::attempt, scheduler, scheduler.clock(), new SplittableRandom(2));
        agent.start();
        scheduler.advanceBy(Duration.ofHours(4));
        List<Duration> gaps = gaps();
        // 1, 2, 4, 8, 16, 32, 60, 60 ... minutes, each plus up to 20% jitter.
        long[] base = {1, 2, 4, 8, 16, 32, 60, 60};
        for (int i = 0; i < Math.min(base.length, gaps.size()); i++) {
            long minutes = gaps.get(i).toMillis();
            assertTrue(minutes >= base[i] * 60_000 && minutes <= base[i] * 72_000, "gap " + i + " was " + gaps.get(i));
        }
        assertTrue(agent.certificate().isEmpty());
        serviceUp = true;
        scheduler.advanceBy(Duration.ofHours(2));
        assertTrue(agent.certificate().isPresent(), "attested once the service came back");
        assertEquals(agent.attempts() - 1, agent.failures());
    }

    @Test
    void anExpiredCertificateIsNotHandedToApps() {
        serviceUp = true;
        DeviceAuthAgent agent = new DeviceAuthAgent(this::attempt, scheduler, scheduler.clock(), new SplittableRandom(3));
        agent.start();
        scheduler.runReady();
        assertTrue(agent.certificate().isPresent());
        serviceUp = false; // renewal at 23 h fails, and so does every retry
        scheduler.advanceBy(Duration.ofHours(23).plusMinutes(59));
        assertTrue(agent.certificate().isPresent(), "still valid for a minute");
        scheduler.advanceBy(Duration.ofMinutes(2));
        assertTrue(agent.certificate().isEmpty());
    }

    @Test
    void aPowerCycleLosesTheCertificateAndTheNextBootAttestsAgain() throws Exception {
        serviceUp = true;
        DeviceAuthAgent agent = new DeviceAuthAgent(this::attempt, scheduler, scheduler.clock(), new SplittableRandom(4));
        var first = agent.nextAttempt();
        agent.start();
        scheduler.runReady();
        assertTrue(first.isDone() && agent.certificate().isPresent());
        agent.stop();
        scheduler.runReady();
        assertTrue(agent.certificate().isEmpty(), "the certificate was in RAM");
        scheduler.advanceBy(Duration.ofDays(2));
        assertEquals(1, tries.size(), "nothing runs while the power is off");
        serviceUp = false;
        var second = agent.nextAttempt();
        agent.start();
        scheduler.runReady();
        assertTrue(second.isCompletedExceptionally(), "the next attempt's outcome is told, failure included");
        assertEquals(2, tries.size());
    }

    private List<Duration> offsets() {
        return tries.stream().map(t -> Duration.between(tries.get(0), t)).toList();
    }

    private List<Duration> gaps() {
        List<Duration> out = new ArrayList<>();
        for (int i = 1; i < tries.size(); i++) {
            out.add(Duration.between(tries.get(i - 1), tries.get(i)));
        }
        return out;
    }
}
