package io.sphaera.emulator.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.sphaera.emulator.device.DeviceSeams;
import io.sphaera.emulator.device.Factory;
import io.sphaera.emulator.device.Mt3620Device;
import io.sphaera.emulator.sim.SeededRandomness;
import io.sphaera.emulator.sim.VirtualClock;
import io.sphaera.emulator.sim.VirtualTimeScheduler;
import io.sphaera.emulator.vendor.SystemRelease;
import io.sphaera.emulator.vendor.Workspace;
import io.sphaera.peripherals.flash.FlashWriteGate;
import io.sphaera.peripherals.flash.NorFlash;
import io.sphaera.pluton.boot.BootStage;
import io.sphaera.pluton.fuse.ManufacturingState;
import io.sphaera.service.SecurityService;
import io.sphaera.service.http.ServiceTls;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler(new VirtualClock(T0));
        SeededRandomness randomness = new SeededRandomness(21);
        Workspace w = Workspace.create(dir.resolve("ws"), scheduler.clock(), randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(16 * 1024, 16 * 1024, 32 * 1024));
        SystemRelease release = w.release("25.02");
        List<byte[]> images = release.imagesInBootOrder();
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (SecurityService service = SecurityService.start(new SecurityService.Config(dir.resolve("service"), w.vendor().root(),
                w.vendor().manufacturingCa().certificateDer(), Map.of("25.02", images), new InetSocketAddress("127.0.0.1", 0)),
                scheduler.clock(), randomness.forParty("service"), loops, loops)) {
            Mt3620Device device = new Factory(w.vendor(), release, w.trustedKeyStoreImage()).manufacture(
                    NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE),
                    new DeviceSeams(scheduler.clock(), scheduler, randomness.forParty("device"), () -> 0L), ManufacturingState.DEVICE_COMPLETE);
            DeviceAuthentication auth = new DeviceAuthentication(loops, ServiceTls.client(w.vendor().root().certificateDer()),
                    new InetSocketAddress("127.0.0.1", service.port()));
            DeviceAuthAgent agent = new DeviceAuthAgent(() -> auth.authenticate(device), scheduler, scheduler.clock(),
                    randomness.forParty("device/auth"));
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
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
