package io.sphaera.emulator.network;

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
import io.sphaera.pluton.fuse.ManufacturingState;
import io.sphaera.service.SecurityService;
import io.sphaera.service.http.ServiceTls;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * For the network tests: a security service listening with real TLS on loopback and one finished device made from the
 * same fresh workspace, both on one virtual-time scheduler (the device's executor and both clocks); the network runs
 * on a real event loop, so tests wait on it with {@link NetworkPump}.
 */
record ServiceWithDevice(VirtualTimeScheduler scheduler, SeededRandomness randomness, Workspace workspace,
                         EventLoopGroup loops, SecurityService service, Mt3620Device device) implements AutoCloseable {

    static ServiceWithDevice start(Path dir, Instant t0, long seed) throws Exception {
        VirtualTimeScheduler scheduler = new VirtualTimeScheduler(new VirtualClock(t0));
        SeededRandomness randomness = new SeededRandomness(seed);
        Workspace w = Workspace.create(dir.resolve("ws"), scheduler.clock(), randomness.forParty("vendor"), "25.02",
                new SystemRelease.Sizes(16 * 1024, 16 * 1024, 32 * 1024));
        SystemRelease release = w.release("25.02");
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        SecurityService service = null;
        try {
            service = SecurityService.start(new SecurityService.Config(dir.resolve("service"), w.vendor().root(),
                    w.vendor().manufacturingCa().certificateDer(), Map.of("25.02", release.imagesInBootOrder()),
                    new InetSocketAddress("127.0.0.1", 0)), scheduler.clock(), randomness.forParty("service"), loops, loops);
            Mt3620Device device = new Factory(w.vendor(), release, w.trustedKeyStoreImage()).manufacture(
                    NorFlash.inMemory(NorFlash.MT3620_SIZE, FlashWriteGate.NONE),
                    new DeviceSeams(scheduler.clock(), scheduler, randomness.forParty("device"), () -> 0L),
                    ManufacturingState.DEVICE_COMPLETE);
            return new ServiceWithDevice(scheduler, randomness, w, loops, service, device);
        } catch (Exception | Error e) {
            if (service != null) {
                service.close();
            }
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw e;
        }
    }

    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", service.port());
    }

    /** The device's authentication agent against this service, not yet run by the device. */
    DeviceAuthAgent authAgent() throws Exception {
        DeviceAuthentication authentication = new DeviceAuthentication(loops,
                ServiceTls.client(workspace.vendor().root().certificateDer()), address());
        return new DeviceAuthAgent(() -> authentication.authenticate(device), scheduler, scheduler.clock(),
                randomness.forParty("device/auth"));
    }

    @Override
    public void close() throws Exception {
        try {
            service.close();
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
