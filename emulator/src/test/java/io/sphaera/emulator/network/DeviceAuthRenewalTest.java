package io.sphaera.emulator.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device's own authentication agent against a real service over TLS, on virtual time that the service shares: it
 * attests at the end of its boot, renews an hour before its certificate runs out, and starts again after a power cycle.
 */
class DeviceAuthRenewalTest {
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void attestsAtBootRenewsDailyAndAgainAfterAPowerCycle(@TempDir Path dir) throws Exception {
        try (ServiceWithDevice live = ServiceWithDevice.start(dir, T0, 21)) {
            VirtualTimeScheduler scheduler = live.scheduler();
            Mt3620Device device = live.device();
            DeviceAuthAgent agent = live.authAgent();
            device.run(agent);

            CompletableFuture<DeviceCertificate> atBoot = agent.nextAttempt();
            device.powerOn();
            scheduler.advanceBy(Duration.ofSeconds(1)); // the boot's modelled time on the chip
            DeviceCertificate first = NetworkPump.until(scheduler, atBoot);
            assertEquals(scheduler.clock().instant().plus(Duration.ofHours(24)), first.notAfter());
            assertEquals(first, agent.certificate().orElseThrow());

            CompletableFuture<DeviceCertificate> renewal = agent.nextAttempt();
            scheduler.advanceBy(Duration.ofHours(23).minusSeconds(1));
            assertTrue(!renewal.isDone(), "nothing before the hour ahead of expiry");
            scheduler.advanceBy(Duration.ofSeconds(1));
            DeviceCertificate second = NetworkPump.until(scheduler, renewal);
            assertEquals(first.notAfter().plus(Duration.ofHours(23)), second.notAfter());
            assertEquals(2, agent.attempts());

            device.powerOff();
            scheduler.runReady();
            assertTrue(agent.certificate().isEmpty(), "the certificate was in RAM");
            scheduler.advanceBy(Duration.ofDays(3));
            assertEquals(2, agent.attempts(), "nothing runs while the power is off");
            CompletableFuture<DeviceCertificate> afterPowerCycle = agent.nextAttempt();
            device.powerOn();
            scheduler.advanceBy(Duration.ofSeconds(1));
            DeviceCertificate third = NetworkPump.until(scheduler, afterPowerCycle);
            assertEquals(scheduler.clock().instant().plus(Duration.ofHours(24)), third.notAfter());
            assertEquals(0, agent.failures());
        }
    }
}
